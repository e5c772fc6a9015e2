import type { TokenCredential } from '@azure/core-auth';
import { context, metrics as otelMetrics, propagation, SpanKind as OtelSpanKind, SpanStatusCode, trace, type Context, type Histogram, type Counter } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import type { Attributes } from './observer';
import { errorKind, type ActiveSpan, type Carrier, type Metrics, type SpanKind, type Telemetry } from './telemetry';
import type { TelemetryConfig } from './telemetryConfig';

/**
 * OpenTelemetry for the bot, loaded only when a destination is configured (createTelemetry.ts):
 * - Azure Monitor through the Azure Monitor OpenTelemetry distro (what Microsoft's own Teams templates
 *   wire up), with the connection string's key or the bot's managed identity;
 * - otherwise any OTLP collector over http/protobuf or http/json, with the standard OTEL_EXPORTER_OTLP_*
 *   variables (the exporters read endpoint, headers and time-outs themselves).
 * Spans, metrics and logs are the bot's own, made where they mean something (a turn, a billing call…);
 * automatic instrumentations are off: they would trace every HTTP request and cost CPU on every turn.
 */
export function startOpenTelemetry(config: TelemetryConfig, options: { version: string; credential?: TokenCredential }): Telemetry {
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const resource = resourceFromAttributes({ 'service.name': config.OTEL_SERVICE_NAME, 'service.version': options.version });
  let shutdown: () => Promise<void>;
  if (config.APPLICATIONINSIGHTS_CONNECTION_STRING) {
    // Statsbeat reports the SDK's own usage to Microsoft; off unless the operator turns it on.
    process.env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED ??= 'true';
    const { useAzureMonitor, shutdownAzureMonitor } = require('@azure/monitor-opentelemetry') as typeof import('@azure/monitor-opentelemetry');
    const off = { enabled: false };
    useAzureMonitor({
      azureMonitorExporterOptions: { connectionString: config.APPLICATIONINSIGHTS_CONNECTION_STRING, credential: config.APPLICATIONINSIGHTS_AUTH === 'managedIdentity' ? options.credential : undefined },
      resource,
      // Every turn is kept: the distro's default (5 traces a second, rate-limited) would drop most turns of a
      // busy hour and every first one. OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG still override it.
      samplingRatio: 1,
      tracesPerSecond: 0,
      enableLiveMetrics: false,
      enableStandardMetrics: false,
      enablePerformanceCounters: false,
      instrumentationOptions: { http: off, azureSdk: off, mongoDb: off, mySql: off, postgreSql: off, redis: off, redis4: off, bunyan: off, winston: off },
    });
    shutdown = shutdownAzureMonitor;
  } else {
    const json = config.OTEL_EXPORTER_OTLP_PROTOCOL === 'http/json';
    const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
    const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
    const { PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics');
    const { BatchLogRecordProcessor } = require('@opentelemetry/sdk-logs') as typeof import('@opentelemetry/sdk-logs');
    const traces = json ? require('@opentelemetry/exporter-trace-otlp-http') : require('@opentelemetry/exporter-trace-otlp-proto');
    const metrics = json ? require('@opentelemetry/exporter-metrics-otlp-http') : require('@opentelemetry/exporter-metrics-otlp-proto');
    const logExport = json ? require('@opentelemetry/exporter-logs-otlp-http') : require('@opentelemetry/exporter-logs-otlp-proto');
    const sdk = new NodeSDK({
      resource,
      autoDetectResources: false,
      spanProcessors: [new BatchSpanProcessor(new traces.OTLPTraceExporter())],
      metricReaders: [new PeriodicExportingMetricReader({ exporter: new metrics.OTLPMetricExporter(), exportIntervalMillis: config.OTEL_METRIC_EXPORT_INTERVAL })],
      logRecordProcessors: [new BatchLogRecordProcessor(new logExport.OTLPLogExporter())],
      instrumentations: [],
    });
    sdk.start();
    shutdown = () => sdk.shutdown();
  }
  return new OpenTelemetryBot(options.version, shutdown);
}

const KINDS: Record<SpanKind, OtelSpanKind> = { server: OtelSpanKind.SERVER, client: OtelSpanKind.CLIENT, internal: OtelSpanKind.INTERNAL };
const SEVERITY: Record<number, SeverityNumber> = { 10: SeverityNumber.TRACE, 20: SeverityNumber.DEBUG, 30: SeverityNumber.INFO, 40: SeverityNumber.WARN, 50: SeverityNumber.ERROR, 60: SeverityNumber.FATAL };
const headerGetter = {
  keys: (carrier: Carrier) => Object.keys(carrier),
  get: (carrier: Carrier, key: string) => carrier[key],
};

/** Attribute values OpenTelemetry accepts (undefined dropped). */
function clean(attributes: Attributes): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(attributes)) if (v !== undefined) out[k] = v;
  return out;
}

class OpenTelemetryBot implements Telemetry {
  readonly enabled = true;
  readonly metrics: Metrics;
  private readonly tracer;
  private readonly logger;

  constructor(
    version: string,
    private readonly stop: () => Promise<void>,
  ) {
    this.tracer = trace.getTracer('partner-of-record-bot', version);
    this.logger = logs.getLogger('partner-of-record-bot', version);
    this.metrics = new OpenTelemetryMetrics(otelMetrics.getMeter('partner-of-record-bot', version));
  }

  span<T>(name: string, kind: SpanKind, attributes: Attributes, work: (span: ActiveSpan) => Promise<T>, parent?: Carrier): Promise<T> {
    const parentContext: Context = parent ? propagation.extract(context.active(), parent, headerGetter) : context.active();
    return this.tracer.startActiveSpan(name, { kind: KINDS[kind], attributes: clean(attributes) }, parentContext, async (span) => {
      const active: ActiveSpan = { set: (a) => span.setAttributes(clean(a)) };
      try {
        const result = await work(active);
        return result;
      } catch (e) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorKind(e) });
        span.setAttribute('error.type', errorKind(e));
        throw e;
      } finally {
        span.end();
      }
    });
  }

  propagate(headers: Record<string, string>): void {
    propagation.inject(context.active(), headers);
  }

  logCorrelation(): { trace_id: string; span_id: string } | undefined {
    const span = trace.getActiveSpan()?.spanContext();
    return span ? { trace_id: span.traceId, span_id: span.spanId } : undefined;
  }

  exportLog(line: Record<string, unknown>): void {
    const { msg, level, time, trace_id: _t, span_id: _s, ...fields } = line;
    const attributes: Record<string, string | number | boolean> = {};
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined || v === null) continue;
      attributes[k] = typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);
    }
    this.logger.emit({
      severityNumber: SEVERITY[Number(level)] ?? SeverityNumber.INFO,
      severityText: typeof level === 'number' ? undefined : String(level),
      body: typeof msg === 'string' ? msg : '',
      attributes,
      timestamp: typeof time === 'number' ? time : Date.now(),
      context: context.active(),
    });
  }

  shutdown(): Promise<void> {
    return this.stop();
  }
}

class OpenTelemetryMetrics implements Metrics {
  private readonly turns: Counter;
  private readonly turnDuration: Histogram;
  private readonly changes: Counter;
  private readonly durations: Record<'billing' | 'directory' | 'store', Histogram>;
  private readonly errors: Record<'billing' | 'directory' | 'store', Counter>;
  private readonly outboxEvents: Record<'delivered' | 'retried' | 'gave_up', Counter>;

  constructor(private readonly meter: ReturnType<typeof otelMetrics.getMeter>) {
    this.turns = meter.createCounter('bot.turns', { description: 'Incoming activities, by activity type, intent, decision and outcome' });
    this.turnDuration = meter.createHistogram('bot.turn.duration', { description: 'Time from an activity arriving to its answer', unit: 'ms' });
    this.changes = meter.createCounter('bot.changes', { description: 'Changes to a subscription: applied, refused or failed, by reason' });
    const dependency = (kind: string) => meter.createHistogram(`bot.${kind}.duration`, { description: `Calls to ${kind}, by operation and status`, unit: 'ms' });
    const failures = (kind: string) => meter.createCounter(`bot.${kind}.errors`, { description: `Failed calls to ${kind}, by operation and status` });
    this.durations = { billing: dependency('billing'), directory: dependency('directory'), store: dependency('store') };
    this.errors = { billing: failures('billing'), directory: failures('directory'), store: failures('store') };
    this.outboxEvents = {
      delivered: meter.createCounter('bot.outbox.delivered', { description: 'Proactive messages settled (sent or unreachable)' }),
      retried: meter.createCounter('bot.outbox.retries', { description: 'Proactive messages put back to retry later' }),
      gave_up: meter.createCounter('bot.outbox.giveups', { description: 'Proactive messages given up on after their attempts' }),
    };
  }

  turn(durationMs: number, attributes: Attributes): void {
    const a = clean(attributes);
    this.turns.add(1, a);
    this.turnDuration.record(durationMs, a);
  }

  change(attributes: Attributes): void {
    this.changes.add(1, clean(attributes));
  }

  dependency(kind: 'billing' | 'directory' | 'store', durationMs: number, attributes: Attributes, failed: boolean): void {
    const a = clean(attributes);
    this.durations[kind].record(durationMs, a);
    if (failed) this.errors[kind].add(1, a);
  }

  outbox(event: 'delivered' | 'retried' | 'gave_up', attributes: Attributes): void {
    this.outboxEvents[event].add(1, clean(attributes));
  }

  observeOutboxDepth(read: () => Promise<number>): void {
    const gauge = this.meter.createObservableGauge('bot.outbox.depth', { description: 'Proactive messages waiting to be delivered' });
    // Collection is synchronous: report the depth read at the previous collection, and read it again.
    let last: number | undefined;
    gauge.addCallback((result) => {
      if (last !== undefined) result.observe(last);
      void read().then(
        (n) => (last = n),
        () => undefined,
      );
    });
  }
}

import type { TokenCredential } from '@azure/core-auth';
import { context, metrics as otelMetrics, propagation, ROOT_CONTEXT, SpanKind as OtelSpanKind, SpanStatusCode, trace, TraceFlags, type Context, type ContextManager, type Span } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { randomFillSync } from 'node:crypto';
import type { Attributes } from './observer';
import { errorKind, isSampledOut, type ActiveSpan, type Carrier, type Metrics, type SpanKind, type SpanRef, type Telemetry } from './telemetry';
import type { Resource } from '@opentelemetry/resources';
import { MetricAggregator, type Measure } from './metricAggregator';
import type { TelemetryConfig } from './telemetryConfig';
import { TurnSampler } from './turnSampler';

/**
 * OpenTelemetry for the bot, loaded only when a destination is configured (createTelemetry.ts):
 * - Azure Monitor through the Azure Monitor OpenTelemetry distro (what Microsoft's own Teams templates
 *   wire up), with the connection string's key or the bot's managed identity;
 * - otherwise any OTLP collector over http/protobuf or http/json, with the standard OTEL_EXPORTER_OTLP_*
 *   variables (the exporters read endpoint, headers and time-outs themselves).
 * Spans, metrics and logs are the bot's own, made where they mean something (a turn, a billing call…);
 * automatic instrumentations are off: they would trace every HTTP request and cost CPU on every turn.
 * No context manager either: parents are passed explicitly (telemetry.ts says why).
 */
export function startOpenTelemetry(config: TelemetryConfig, options: { version: string; credential?: TokenCredential }): Telemetry {
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const resource = resourceFromAttributes({ 'service.name': config.OTEL_SERVICE_NAME, 'service.version': options.version });
  const scope = { name: 'partner-of-record-bot', version: options.version };
  let shutdown: () => Promise<void>;
  let aggregator: MetricAggregator;
  if (config.APPLICATIONINSIGHTS_CONNECTION_STRING) {
    // Statsbeat reports the SDK's own usage to Microsoft; off unless the operator turns it on.
    process.env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED ??= 'true';
    const { useAzureMonitor, shutdownAzureMonitor } = require('@azure/monitor-opentelemetry') as typeof import('@azure/monitor-opentelemetry');
    const { AzureMonitorMetricExporter } = require('@azure/monitor-opentelemetry-exporter') as typeof import('@azure/monitor-opentelemetry-exporter');
    const { PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics');
    const off = { enabled: false };
    const exporterOptions = { connectionString: config.APPLICATIONINSIGHTS_CONNECTION_STRING, credential: config.APPLICATIONINSIGHTS_AUTH === 'managedIdentity' ? options.credential : undefined };
    // The bot's metrics (aggregated by the bot, metricAggregator.ts) through a reader of their own; the distro's
    // own reader has no instruments to read, so it sends nothing.
    const exporter = new AzureMonitorMetricExporter(exporterOptions);
    aggregator = new MetricAggregator(resource, scope, (type) => exporter.selectAggregationTemporality(type));
    useAzureMonitor({
      azureMonitorExporterOptions: exporterOptions,
      metricReaders: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: config.OTEL_METRIC_EXPORT_INTERVAL ?? 60_000, metricProducers: [aggregator] })],
      resource,
      // The bot samples new traces itself (TurnSampler, TELEMETRY_TRACES_PER_SECOND), the same way on both paths,
      // before any span exists; the distro's own rate limiter would also drop the first turns after a start.
      // OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG, if set, still apply within.
      samplingRatio: 1,
      tracesPerSecond: 0,
      enableLiveMetrics: false,
      enableStandardMetrics: false,
      enablePerformanceCounters: false,
      instrumentationOptions: { http: off, azureSdk: off, mongoDb: off, mySql: off, postgreSql: off, redis: off, redis4: off, bunyan: off, winston: off },
    });
    // The distro registers an AsyncLocalStorage context manager; this bot passes parents itself.
    context.disable();
    context.setGlobalContextManager(explicitOnly);
    shutdown = shutdownAzureMonitor;
  } else {
    ({ shutdown, aggregator } = startOtlp(config, resource, scope));
  }
  return new OpenTelemetryBot(options.version, shutdown, new TurnSampler(config.TELEMETRY_TRACES_PER_SECOND), new OpenTelemetryMetrics(aggregator));
}

/**
 * Where a signal goes, from the validated configuration (not from the process's environment, which the
 * exporters would read otherwise and which need not be where the configuration came from): the signal's own
 * endpoint as given, else the base endpoint with /v1/<signal> appended, as OpenTelemetry specifies. Undefined
 * leaves the exporter's default (localhost:4318). Headers, time-outs and compression the exporters still read
 * from OTEL_EXPORTER_OTLP_* themselves.
 */
export function otlpUrl(config: TelemetryConfig, signal: 'traces' | 'metrics' | 'logs'): string | undefined {
  const own = { traces: config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, metrics: config.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, logs: config.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT }[signal];
  if (own) return own;
  return config.OTEL_EXPORTER_OTLP_ENDPOINT && `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/?$/, '/')}v1/${signal}`;
}

/**
 * The three SDK providers, each with its OTLP exporter, registered with the API. Not the NodeSDK: it loads
 * every exporter and propagator it could be configured with (gRPC, Zipkin, Prometheus, B3, Jaeger: ~1,200
 * modules), which held ~12 MB more heap for the life of the process, and a larger live heap costs CPU
 * in every full collection under load (docs/operations.md, "What it costs"). What the NodeSDK would have
 * read from the environment still applies: OTEL_TRACES_SAMPLER and the span limits (the tracer provider
 * reads them), the exporters' OTEL_EXPORTER_OTLP_* headers and time-outs, and OTEL_PROPAGATORS' default
 * (W3C trace context and baggage).
 */
function startOtlp(config: TelemetryConfig, resource: Resource, scope: { name: string; version: string }): { shutdown: () => Promise<void>; aggregator: MetricAggregator } {
  const json = config.OTEL_EXPORTER_OTLP_PROTOCOL === 'http/json';
  const { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } = require('@opentelemetry/core') as typeof import('@opentelemetry/core');
  const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics');
  const { LoggerProvider, BatchLogRecordProcessor } = require('@opentelemetry/sdk-logs') as typeof import('@opentelemetry/sdk-logs');
  const traces = json ? require('@opentelemetry/exporter-trace-otlp-http') : require('@opentelemetry/exporter-trace-otlp-proto');
  const metrics = json ? require('@opentelemetry/exporter-metrics-otlp-http') : require('@opentelemetry/exporter-metrics-otlp-proto');
  const logExport = json ? require('@opentelemetry/exporter-logs-otlp-http') : require('@opentelemetry/exporter-logs-otlp-proto');
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new traces.OTLPTraceExporter({ url: otlpUrl(config, 'traces') }))] });
  const exporter = new metrics.OTLPMetricExporter({ url: otlpUrl(config, 'metrics') }) as import('@opentelemetry/sdk-metrics').PushMetricExporter;
  const aggregator = new MetricAggregator(resource, scope, (type) => exporter.selectAggregationTemporality?.(type) ?? AggregationTemporality.CUMULATIVE);
  // The bot's metrics are aggregated by the bot (metricAggregator.ts); the provider's reader collects and exports them.
  const meterProvider = new MeterProvider({
    resource,
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: config.OTEL_METRIC_EXPORT_INTERVAL ?? 10_000, metricProducers: [aggregator] })],
  });
  const loggerProvider = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor(new logExport.OTLPLogExporter({ url: otlpUrl(config, 'logs') }))] });
  context.setGlobalContextManager(explicitOnly);
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  trace.setGlobalTracerProvider(tracerProvider);
  otelMetrics.setGlobalMeterProvider(meterProvider);
  logs.setGlobalLoggerProvider(loggerProvider);
  return {
    aggregator,
    shutdown: async () => {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown(), loggerProvider.shutdown()]);
    },
  };
}

function failed(span: Span, e: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: errorKind(e) });
  span.setAttribute('error.type', errorKind(e));
}

/**
 * A context manager that keeps nothing: parents are passed explicitly (telemetry.ts), so no
 * AsyncLocalStorage hooks every promise of the process.
 */
const explicitOnly: ContextManager = {
  active: () => ROOT_CONTEXT,
  with: (_context, fn, thisArg, ...args) => fn.call(thisArg, ...args),
  bind: (_context, target) => target,
  enable() {
    return this;
  },
  disable() {
    return this;
  },
};

/** The OpenTelemetry context of a parent: a span of this process, or a caller's W3C trace context. */
function contextOf(parent: SpanRef | Carrier | undefined): Context {
  if (!parent) return ROOT_CONTEXT;
  if (typeof (parent as SpanRef).trace_id === 'string' && typeof (parent as SpanRef).span_id === 'string') {
    const ref = parent as SpanRef;
    return trace.setSpanContext(ROOT_CONTEXT, { traceId: ref.trace_id, spanId: ref.span_id, traceFlags: ref.trace_flags === '00' ? TraceFlags.NONE : TraceFlags.SAMPLED, isRemote: false });
  }
  return propagation.extract(ROOT_CONTEXT, parent as Carrier, headerGetter);
}

const refOf = (span: Span): SpanRef => {
  const c = span.spanContext();
  return { trace_id: c.traceId, span_id: c.spanId, trace_flags: c.traceFlags & TraceFlags.SAMPLED ? '01' : '00' };
};

const noop = () => {};

/**
 * Ids for a trace the sampler left out (for its log lines, as OpenTelemetry's non-recording spans have them),
 * from random bytes filled 4 KB at a time: one call into the system's generator per ~170 ids, not one per id.
 */
class SampledOutIds {
  private readonly bytes = Buffer.alloc(4096);
  private at = this.bytes.length;

  next(): SpanRef {
    if (this.at + 24 > this.bytes.length) {
      randomFillSync(this.bytes);
      this.at = 0;
    }
    const hex = this.bytes.toString('hex', this.at, (this.at += 24));
    return { trace_id: hex.slice(0, 32), span_id: hex.slice(32), trace_flags: '00' };
  }
}

/** A new trace: no parent span here, and no W3C trace context from a caller (whose sampling decision would be followed). */
const startsTrace = (parent: SpanRef | Carrier | undefined): boolean =>
  parent === undefined || (typeof (parent as SpanRef).trace_id !== 'string' && (parent as Carrier).traceparent === undefined);

/** pino writes the level first: warnings, errors and fatals are exported even from a sampled-out trace. */
const WARN_OR_ABOVE = /^\{"level":[4-6]0[,}]/;

const KINDS: Record<SpanKind, OtelSpanKind> = { server: OtelSpanKind.SERVER, client: OtelSpanKind.CLIENT, internal: OtelSpanKind.INTERNAL };
const SEVERITY: Record<number, SeverityNumber> = { 10: SeverityNumber.TRACE, 20: SeverityNumber.DEBUG, 30: SeverityNumber.INFO, 40: SeverityNumber.WARN, 50: SeverityNumber.ERROR, 60: SeverityNumber.FATAL };
const headerGetter = {
  keys: (carrier: Carrier) => Object.keys(carrier),
  get: (carrier: Carrier, key: string) => carrier[key],
};

/** Attribute values OpenTelemetry accepts: undefined dropped, copying only when there is one (most calls have none). */
function clean(attributes: Attributes): Record<string, string | number | boolean> {
  let hasUndefined = false;
  for (const k in attributes) {
    if (attributes[k] === undefined) {
      hasUndefined = true;
      break;
    }
  }
  if (!hasUndefined) return attributes as Record<string, string | number | boolean>;
  const out: Record<string, string | number | boolean> = {};
  for (const k in attributes) if (attributes[k] !== undefined) out[k] = attributes[k]!;
  return out;
}

class OpenTelemetryBot implements Telemetry {
  readonly enabled = true;
  private readonly tracer;
  private readonly logger;

  constructor(
    version: string,
    private readonly stop: () => Promise<void>,
    private readonly sampler: TurnSampler,
    readonly metrics: Metrics,
  ) {
    this.tracer = trace.getTracer('partner-of-record-bot', version);
    this.logger = logs.getLogger('partner-of-record-bot', version);
  }

  private readonly sampledOut = new SampledOutIds();

  /** The client span being started right now: an HTTP adapter adds its trace headers then (propagate). */
  private starting?: Span;
  /** The same for work in a sampled-out trace: its W3C context goes on with "not sampled", so the callee records nothing either. */
  private startingOut?: SpanRef;

  span<T>(name: string, kind: SpanKind, attributes: Attributes, work: (span: ActiveSpan) => Promise<T>, parent?: SpanRef | Carrier): Promise<T> {
    // Left out: no span (the work runs as it would with telemetry off, its own promise returned as it is, not
    // wrapped in another), only ids for its log lines and children.
    if (isSampledOut(parent as SpanRef | undefined)) return this.untraced(work, parent as SpanRef);
    if (startsTrace(parent) && !this.sampler.take()) return this.untraced(work, this.sampledOut.next());
    return this.traced(name, kind, attributes, work, parent);
  }

  private async traced<T>(name: string, kind: SpanKind, attributes: Attributes, work: (span: ActiveSpan) => Promise<T>, parent?: SpanRef | Carrier): Promise<T> {
    const span = this.tracer.startSpan(name, { kind: KINDS[kind], attributes: clean(attributes) }, contextOf(parent));
    const active: ActiveSpan = { set: (a) => span.setAttributes(clean(a)), ref: refOf(span) };
    let running: Promise<T>;
    this.starting = span;
    try {
      running = work(active);
    } catch (e) {
      failed(span, e);
      span.end();
      throw e;
    } finally {
      this.starting = undefined;
    }
    try {
      return await running;
    } catch (e) {
      failed(span, e);
      throw e;
    } finally {
      span.end();
    }
  }

  private untraced<T>(work: (span: ActiveSpan) => Promise<T>, ref: SpanRef): Promise<T> {
    this.startingOut = ref;
    try {
      return work({ set: noop, ref });
    } catch (e) {
      return Promise.reject(e as Error); // as a traced span's work: a failure is a rejection, never a throw
    } finally {
      this.startingOut = undefined;
    }
  }

  record(name: string, attributes: Attributes, startMs: number, endMs: number, parent?: SpanRef): void {
    if (isSampledOut(parent) || (parent === undefined && !this.sampler.take())) return;
    this.tracer.startSpan(name, { kind: OtelSpanKind.CLIENT, attributes: clean(attributes), startTime: startMs }, contextOf(parent)).end(endMs);
  }

  propagate(headers: Record<string, string>): void {
    if (this.starting) propagation.inject(trace.setSpan(ROOT_CONTEXT, this.starting), headers);
    else if (this.startingOut) headers.traceparent = `00-${this.startingOut.trace_id}-${this.startingOut.span_id}-00`;
  }

  exportLog(text: string): void {
    // A sampled-out trace's info and debug lines are not exported (told from the text, before parsing it).
    if (text.includes('"trace_flags":"00"') && !WARN_OR_ABOVE.test(text)) return;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return; // not JSON (never, from pino): not exported
    }
    const { msg, level, time, trace_id, span_id, trace_flags, ...fields } = line;
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
      context: typeof trace_id === 'string' && typeof span_id === 'string' ? contextOf({ trace_id, span_id, trace_flags: trace_flags === '00' ? '00' : '01' }) : ROOT_CONTEXT,
    });
  }

  shutdown(): Promise<void> {
    return this.stop();
  }
}

/** The metrics docs/operations.md lists, each aggregated by the bot (metricAggregator.ts). */
class OpenTelemetryMetrics implements Metrics {
  private readonly turns: Measure;
  private readonly turnDuration: Measure;
  private readonly changes: Measure;
  private readonly durations: { billing: Measure; directory: Measure };
  private readonly errors: { billing: Measure; directory: Measure };
  private readonly outboxEvents: { delivered: Measure; retried: Measure; gave_up: Measure };
  private readonly llmDuration: Measure;
  private readonly llmErrors: Measure;
  private readonly llmTokens: Measure;

  constructor(private readonly aggregator: MetricAggregator) {
    this.turns = aggregator.counter('bot.turns', 'Incoming activities, by activity type, intent, decision and outcome');
    this.turnDuration = aggregator.histogram('bot.turn.duration', 'Time from an activity arriving to its answer', 'ms');
    this.changes = aggregator.counter('bot.changes', 'Changes to a subscription: applied, refused or failed, by reason');
    const dependency = (kind: string) => aggregator.histogram(`bot.${kind}.duration`, `Calls to ${kind}, by operation and status`, 'ms');
    const failures = (kind: string) => aggregator.counter(`bot.${kind}.errors`, `Failed calls to ${kind}, by operation and status`);
    this.durations = { billing: dependency('billing'), directory: dependency('directory') };
    this.errors = { billing: failures('billing'), directory: failures('directory') };
    this.llmDuration = dependency('llm');
    this.llmErrors = failures('llm');
    this.llmTokens = aggregator.counter('bot.llm.tokens', 'Tokens the language model used (prompt and answer), by result');
    this.outboxEvents = {
      delivered: aggregator.counter('bot.outbox.delivered', 'Proactive messages settled (sent or unreachable)'),
      retried: aggregator.counter('bot.outbox.retries', 'Proactive messages put back to retry later'),
      gave_up: aggregator.counter('bot.outbox.giveups', 'Proactive messages given up on after their attempts'),
    };
  }

  turn(durationMs: number, attributes: Attributes): void {
    this.turns(1, attributes);
    this.turnDuration(durationMs, attributes);
  }

  change(attributes: Attributes): void {
    this.changes(1, attributes);
  }

  dependency(kind: 'billing' | 'directory', durationMs: number, attributes: Attributes, failed: boolean): void {
    this.durations[kind](durationMs, attributes);
    if (failed) this.errors[kind](1, attributes);
  }

  languageModel(durationMs: number, attributes: Attributes, tokens: number, failed: boolean): void {
    this.llmDuration(durationMs, attributes);
    if (tokens > 0) this.llmTokens(tokens, attributes);
    if (failed) this.llmErrors(1, attributes);
  }

  outbox(event: 'delivered' | 'retried' | 'gave_up', attributes: Attributes): void {
    this.outboxEvents[event](1, attributes);
  }

  observeOutboxDepth(read: () => Promise<number>): void {
    this.aggregator.gauge('bot.outbox.depth', 'Proactive messages waiting to be delivered', read);
  }
}

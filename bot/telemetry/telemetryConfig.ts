import { z } from 'zod';

const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());
const int = (def: number, min: number, max: number) => z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(min).max(max).default(def));

/**
 * Telemetry (docs/operations.md) and the graceful stop. OpenTelemetry is on when a destination is set:
 * Azure Monitor (the Azure Monitor OpenTelemetry distro) or any OTLP collector; with neither, nothing
 * loads. The OTEL_* names are OpenTelemetry's standard variables, which its exporters read themselves;
 * they are listed here so start-up checks them and .env.sample documents them.
 */
export const telemetryConfigShape = {
  /** Application Insights' connection string: telemetry goes to Azure Monitor. */
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalString,
  /** connectionString: the key in it is enough. managedIdentity: an Entra token of the bot's managed identity (Application Insights with local auth off). */
  APPLICATIONINSIGHTS_AUTH: z.enum(['connectionString', 'managedIdentity']).default('connectionString'),
  /** An OTLP collector (Jaeger, Grafana, the OpenTelemetry Collector…): base URL; /v1/traces, /v1/metrics, /v1/logs are appended. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
  /** Per-signal endpoints (full URLs), when they differ from OTEL_EXPORTER_OTLP_ENDPOINT + /v1/<signal>. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
  OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
  /** http/protobuf (the default) or http/json. */
  OTEL_EXPORTER_OTLP_PROTOCOL: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['http/protobuf', 'http/json']).default('http/protobuf')),
  /** Extra headers for the collector, `key=value,key2=value2` (an API key, say): read by the exporters. */
  OTEL_EXPORTER_OTLP_HEADERS: optionalString,
  /** The service name every span, metric and log carries. */
  OTEL_SERVICE_NAME: z.string().min(1).max(200).default('partner-of-record-bot'),
  /**
   * New traces (turns, outbox deliveries) recorded per second at most, as the Azure Monitor distro's rate-limited
   * sampler (its default is 5 too); 0 records every one. Metrics count every turn whatever this is, and a left-out
   * turn's warnings and errors are still exported. OTEL_TRACES_SAMPLER, if set, samples within these too.
   */
  TELEMETRY_TRACES_PER_SECOND: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().min(0).max(100_000).default(5)),
  /**
   * How often metrics are exported (ms), OpenTelemetry's standard variable. Unset: 10 s to an OTLP collector (the
   * SDK's own default is 60 s) so a dashboard is current; 60 s to Azure Monitor, the distro's default (each
   * export is billed as ingested data).
   */
  OTEL_METRIC_EXPORT_INTERVAL: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(100).max(3_600_000).optional()),
  /**
   * How long a stop (SIGTERM / SIGINT) waits for turns and changes in flight, ms. Below the host's kill delay
   * (Kubernetes' default grace 30 s; App Service's WEBSITES_CONTAINER_STOP_TIME_LIMIT, which infra/azure.bicep raises).
   */
  SHUTDOWN_GRACE_MS: int(8000, 0, 600_000),
};

const shapeObject = z.object(telemetryConfigShape);
export type TelemetryConfig = z.infer<typeof shapeObject>;

export function refineTelemetryConfig(c: TelemetryConfig & { MicrosoftAppId?: string; MicrosoftAppType?: string }, ctx: z.RefinementCtx): void {
  if (c.APPLICATIONINSIGHTS_AUTH === 'managedIdentity' && !(c.MicrosoftAppId && c.MicrosoftAppType === 'UserAssignedMSI')) {
    ctx.addIssue({ code: 'custom', path: ['APPLICATIONINSIGHTS_AUTH'], message: "APPLICATIONINSIGHTS_AUTH=managedIdentity uses the bot's managed identity: set MicrosoftAppType=UserAssignedMSI and MicrosoftAppId" });
  }
  if (c.APPLICATIONINSIGHTS_CONNECTION_STRING && !/InstrumentationKey=/i.test(c.APPLICATIONINSIGHTS_CONNECTION_STRING)) {
    ctx.addIssue({ code: 'custom', path: ['APPLICATIONINSIGHTS_CONNECTION_STRING'], message: 'must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…)' });
  }
}

import type { TokenCredential } from '@azure/core-auth';
import { noTelemetry, type Telemetry } from './telemetry';
import type { TelemetryConfig } from './telemetryConfig';

/**
 * Telemetry as configured: Azure Monitor when APPLICATIONINSIGHTS_CONNECTION_STRING is set, an OTLP
 * collector when OTEL_EXPORTER_OTLP_ENDPOINT (or a per-signal endpoint) is, else none, in which case no
 * OpenTelemetry module is even loaded. Started before anything else so every log line can carry its trace.
 */
export function createTelemetry(config: TelemetryConfig, options: { version: string; credential?: TokenCredential }): Telemetry {
  const otlp = config.OTEL_EXPORTER_OTLP_ENDPOINT ?? config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? config.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT ?? config.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT;
  if (!config.APPLICATIONINSIGHTS_CONNECTION_STRING && !otlp) return noTelemetry;
  const { startOpenTelemetry } = require('./openTelemetry') as typeof import('./openTelemetry');
  return startOpenTelemetry(config, options);
}

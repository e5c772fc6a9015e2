import type { Attributes } from './observer';

export type SpanKind = 'server' | 'client' | 'internal';

/** The span a piece of work runs in: it can be given more attributes as they become known. */
export interface ActiveSpan {
  set(attributes: Attributes): void;
}

/** Headers as received (node's IncomingHttpHeaders) or to send. */
export type Carrier = Record<string, string | string[] | undefined>;

/** Counters and histograms an operator reads (docs/operations.md lists each with its attributes). */
export interface Metrics {
  /** One incoming activity: its duration and what came of it (activity type, intent, decision, outcome). */
  turn(durationMs: number, attributes: Attributes): void;
  /** A change to one subscription: applied, refused or failed, by reason (from the audit trail). */
  change(attributes: Attributes): void;
  /** A call to billing, the directory (Microsoft Graph) or the store: duration by operation and status; failures counted too. */
  dependency(kind: 'billing' | 'directory' | 'store', durationMs: number, attributes: Attributes, failed: boolean): void;
  /** The proactive outbox: a delivery settled, retried later, or given up on. */
  outbox(event: 'delivered' | 'retried' | 'gave_up', attributes: Attributes): void;
  /** Reports how many proactive messages wait, whenever metrics are collected. */
  observeOutboxDepth(read: () => Promise<number>): void;
}

/**
 * The bot's telemetry, as the host and the adapters use it (no OpenTelemetry types outside
 * openTelemetry.ts). `noTelemetry` when nothing is configured: no SDK is loaded and each call is a no-op.
 */
export interface Telemetry {
  readonly enabled: boolean;
  /**
   * Runs `work` in a new span, the child of the active one, or of the W3C trace context in `parent`
   * (headers received from a caller). A throw ends the span as failed, recording the error's class and
   * code only: error messages can quote input.
   */
  span<T>(name: string, kind: SpanKind, attributes: Attributes, work: (span: ActiveSpan) => Promise<T>, parent?: Carrier): Promise<T>;
  /** Adds the active span's W3C trace context (traceparent, tracestate) to headers of an outgoing call. */
  propagate(headers: Record<string, string>): void;
  /** The active span's ids, for the log line written now. */
  logCorrelation(): { trace_id: string; span_id: string } | undefined;
  /** A log line (already redacted, as written to stdout) for the log exporter, in the active span's context. */
  exportLog(line: Record<string, unknown>): void;
  readonly metrics: Metrics;
  /** Exports what is buffered and stops the exporters (a stop's last step before the store closes). */
  shutdown(): Promise<void>;
}

const noSpan: ActiveSpan = { set() {} };
const noMetrics: Metrics = { turn() {}, change() {}, dependency() {}, outbox() {}, observeOutboxDepth() {} };

export const noTelemetry: Telemetry = {
  enabled: false,
  span: (_name, _kind, _attributes, work) => work(noSpan),
  propagate() {},
  logCorrelation: () => undefined,
  exportLog() {},
  metrics: noMetrics,
  shutdown: async () => {},
};

/** The class and code of an error, never its message (DomainError codes, HTTP statuses, Node error codes). */
export function errorKind(e: unknown): string {
  if (typeof e !== 'object' || e === null) return typeof e;
  const { name, code } = e as { name?: unknown; code?: unknown };
  return [typeof name === 'string' ? name : 'Error', typeof code === 'string' || typeof code === 'number' ? String(code) : undefined].filter(Boolean).join(':');
}

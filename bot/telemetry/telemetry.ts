import type { Attributes } from './observer';

export type SpanKind = 'server' | 'client' | 'internal';

/**
 * Which trace and span a piece of work belongs to: the parent of the spans it makes, and what its log lines
 * carry. A trace the sampler left out (turnSampler.ts) still has ids, so its log lines hang together, with
 * trace_flags '00' (W3C: not sampled): no span of it is recorded and only its warnings and errors are exported.
 */
export interface SpanRef {
  readonly trace_id: string;
  readonly span_id: string;
  readonly trace_flags?: '01' | '00';
}

/** Whether spans are recorded under this parent (a trace the sampler left out records none). */
export const isSampledOut = (ref: SpanRef | undefined): boolean => ref?.trace_flags === '00';

/** The span a piece of work runs in: it can be given more attributes as they become known. */
export interface ActiveSpan {
  set(attributes: Attributes): void;
  /** Absent with telemetry off. */
  readonly ref?: SpanRef;
}

/** Headers as received (node's IncomingHttpHeaders) or to send. */
export type Carrier = Record<string, string | string[] | undefined>;

/** Counters and histograms an operator reads (docs/operations.md lists each with its attributes). */
export interface Metrics {
  /** One incoming activity: its duration and what came of it (activity type, intent, decision, outcome). */
  turn(durationMs: number, attributes: Attributes): void;
  /** A change to one subscription: applied, refused or failed, by reason (from the audit trail). */
  change(attributes: Attributes): void;
  /** A call to billing or the directory (Microsoft Graph): duration by operation and status; failures counted too. */
  dependency(kind: 'billing' | 'directory', durationMs: number, attributes: Attributes, failed: boolean): void;
  /** The language model (NLU_LLM) read a message: duration and tokens by result (used, disagreed, or the failure); failures counted. */
  languageModel(durationMs: number, attributes: Attributes, tokens: number, failed: boolean): void;
  /** The proactive outbox: a delivery settled, retried later, or given up on. */
  outbox(event: 'delivered' | 'retried' | 'gave_up', attributes: Attributes): void;
  /** Reports how many proactive messages wait, whenever metrics are collected. */
  observeOutboxDepth(read: () => Promise<number>): void;
}

/**
 * The bot's telemetry, as the host and the adapters use it (no OpenTelemetry types outside
 * openTelemetry.ts). `noTelemetry` when nothing is configured: no SDK is loaded and each call is a no-op.
 *
 * Parents are passed explicitly (a SpanRef), never kept in an async context: Node's AsyncLocalStorage
 * hooks every promise of the process, which measured as the larger part of tracing's cost per turn.
 */
export interface Telemetry {
  readonly enabled: boolean;
  /**
   * Runs `work` in a new span, the child of `parent`: a span of this process (SpanRef) or the W3C trace
   * context of a caller (headers); a root span without. A throw ends the span as failed, recording the
   * error's class and code only: error messages can quote input.
   */
  span<T>(name: string, kind: SpanKind, attributes: Attributes, work: (span: ActiveSpan) => Promise<T>, parent?: SpanRef | Carrier): Promise<T>;
  /** A client span for work that is over (times in ms since the epoch): the store commits of a turn. */
  record(name: string, attributes: Attributes, startMs: number, endMs: number, parent?: SpanRef): void;
  /** Adds the W3C trace context of the client span being started to an outgoing call's headers (traceparent). */
  propagate(headers: Record<string, string>): void;
  /**
   * A log line, as written to stdout (pino's JSON, already redacted), for the log exporter, in the span its
   * trace_id/span_id name. A line of a trace the sampler left out is exported only from warn up.
   */
  exportLog(line: string): void;
  readonly metrics: Metrics;
  /** Exports what is buffered and stops the exporters (a stop's last step before the store closes). */
  shutdown(): Promise<void>;
}

const noSpan: ActiveSpan = { set() {} };
const noMetrics: Metrics = { turn() {}, change() {}, dependency() {}, languageModel() {}, outbox() {}, observeOutboxDepth() {} };

export const noTelemetry: Telemetry = {
  enabled: false,
  span: (_name, _kind, _attributes, work) => work(noSpan),
  record() {},
  propagate() {},
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

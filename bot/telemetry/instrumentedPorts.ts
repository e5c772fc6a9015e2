import type { AuditEntry, AuditTrail } from '../audit/auditTrail';
import type { BillingService } from '../billing/billingService';
import type { DirectoryService } from '../directory/directoryService';
import type { LanguageModelReader } from '../nlu/llm/languageModelReader';
import { isDomainError } from '../domain/errors';
import type { DispatcherObserver } from '../outbox/dispatcher';
import type { Store } from '../storage/store';
import type { Attributes } from './observer';
import { errorKind, isSampledOut, type ActiveSpan, type SpanRef, type Telemetry } from './telemetry';

/**
 * The ports as one turn uses them, with telemetry on: each billing and directory call a child span of
 * the turn (a dependency in Azure Monitor) and a duration in the metrics, by operation and status; the
 * turn's store writes one child span for its commits. With telemetry off the ports are used bare and
 * nothing here runs.
 */

/** The status a failed call is counted under: the HTTP status when the backend gave one, else the error code. */
function statusOf(e: unknown): string {
  if (isDomainError(e)) return String((e.details as { status?: unknown } | undefined)?.status ?? e.code);
  return errorKind(e);
}

export const BILLING_OPERATIONS = ['getAccount', 'listSubscriptions', 'getSubscription', 'lookupPartner', 'setPartnerOfRecord', 'listRelationships', 'getBillingRoles', 'listPartnerNames'] as const;
const DIRECTORY_OPERATIONS = ['getUserRoles', 'listSubscriptions', 'getOrganization'] as const;

interface Operation {
  name: string;
  kind: 'billing' | 'directory';
  spanName: string;
  span: Attributes;
  ok: Attributes;
}

/** Names and attribute objects, made once per operation: every call records them. */
function operations(kind: 'billing' | 'directory', methods: readonly string[], peer: string): Operation[] {
  return methods.map((method) => ({ name: method, kind, spanName: `${kind}.${method}`, span: { 'peer.service': peer, [`${kind}.operation`]: method }, ok: { operation: method, status: 'ok' } }));
}

/** One call, timed into the metrics by operation and status; a failure's status also goes on its span. */
async function measured(op: Operation, telemetry: Telemetry, call: () => Promise<unknown>, span?: ActiveSpan): Promise<unknown> {
  const started = performance.now();
  try {
    const result = await call();
    telemetry.metrics.dependency(op.kind, performance.now() - started, op.ok, false);
    return result;
  } catch (e) {
    // An answer the flow expects (an unknown partner, a conflict) is a result, not an outage.
    const status = statusOf(e);
    span?.set({ [`${op.kind}.status`]: status });
    telemetry.metrics.dependency(op.kind, performance.now() - started, { operation: op.name, status }, !isDomainError(e) || e.code === 'unavailable' || e.code === 'directory_unavailable');
    throw e;
  }
}

const PARENT = Symbol('parent');
type TracedPort = { [PARENT]: SpanRef | undefined };

/**
 * The port with each call measured, and a child span of the turn unless the turn's trace was sampled out
 * (then telemetry.span only passes the trace context on, marked not sampled, to an HTTP backend).
 * The measured methods are made once per port (on a prototype whose own prototype is the port); a turn
 * only makes an object naming its span, not a closure per method.
 */
function tracedPorts<T extends object>(ops: readonly Operation[], telemetry: Telemetry): (target: T, parent: SpanRef | undefined) => T {
  const prototypes = new WeakMap<T, object>();
  const prototypeFor = (target: T): object => {
    const proto = Object.create(target) as Record<string, unknown>;
    for (const op of ops) {
      const original = (target as Record<string, unknown>)[op.name];
      if (typeof original !== 'function') continue;
      proto[op.name] = function (this: TracedPort, ...args: unknown[]) {
        return telemetry.span(op.spanName, 'client', op.span, (span) => measured(op, telemetry, () => (original as (...a: unknown[]) => Promise<unknown>).apply(target, args), span), this[PARENT]);
      };
    }
    prototypes.set(target, proto);
    return proto;
  };
  return (target, parent) => {
    const port = Object.create(prototypes.get(target) ?? prototypeFor(target)) as TracedPort;
    port[PARENT] = parent;
    return port as unknown as T;
  };
}

/** The record family of a key (`draft:…` → draft): what store telemetry names, never the key (it holds ids). */
const familyOf = (key: string) => key.slice(0, Math.max(0, key.indexOf(':'))) || 'record';

/**
 * The language model's reading of a message as a client span (OpenTelemetry's GenAI conventions for the
 * operation and model), with its result and tokens, and in the metrics. Never the prompt or the answer.
 */
function tracedModel(reader: LanguageModelReader, telemetry: Telemetry, parent: SpanRef | undefined): LanguageModelReader {
  const attributes = { 'peer.service': 'language-model', 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': reader.model };
  return {
    mode: reader.mode,
    model: reader.model,
    read: (input) =>
      telemetry.span(
        `chat ${reader.model}`,
        'client',
        attributes,
        async (span) => {
          const outcome = await reader.read(input);
          const result = outcome.ok ? 'ok' : outcome.failure;
          span.set({ 'llm.result': result, 'llm.tokens': outcome.tokens, ...(outcome.ok ? {} : { 'error.type': outcome.failure }) });
          telemetry.metrics.languageModel(outcome.ms, { result }, outcome.tokens, !outcome.ok);
          return outcome;
        },
        parent,
      ),
  };
}

/**
 * A turn's store writes as one span: from its first write to the commit of its last, with how many there
 * were and of which families. SQLite commits a turn's writes together with its neighbours' (group commit),
 * so one span per write would mostly measure the same commit again, at a cost per write that made
 * tracing's overhead too high. A write after the turn was answered (work finishing in the background)
 * is a span of its own.
 */
class TurnStore implements Store {
  private writes = 0;
  private first = 0;
  private last = 0;
  private readonly families = new Set<string>();
  private ended = false;

  constructor(
    private readonly store: Store,
    private readonly telemetry: Telemetry,
    private readonly parent: SpanRef | undefined,
  ) {}

  get: Store['get'] = (key) => this.store.get(key);
  list: Store['list'] = (prefix) => this.store.list(prefix);
  listPage: Store['listPage'] = (prefix, limit, cursor) => this.store.listPage(prefix, limit, cursor);
  close: Store['close'] = () => this.store.close();
  put: Store['put'] = (key, value, options) => this.write(key, () => this.store.put(key, value, options));
  delete: Store['delete'] = (key, etag) => this.write(key, () => this.store.delete(key, etag));

  private async write<R>(key: string, run: () => Promise<R>): Promise<R> {
    const started = Date.now();
    try {
      return await run();
    } finally {
      const family = familyOf(key);
      if (this.ended) {
        this.telemetry.record(`store.commit ${family}`, { 'peer.service': 'store', 'store.writes': 1, 'store.families': family }, started, Date.now(), this.parent);
      } else {
        if (this.writes++ === 0) this.first = started;
        this.last = Date.now();
        this.families.add(family);
      }
    }
  }

  /** The turn was answered: its commits become one span. */
  end(): void {
    this.ended = true;
    if (this.writes === 0) return;
    this.telemetry.record('store.commit', { 'peer.service': 'store', 'store.writes': this.writes, 'store.families': [...this.families].sort().join(',') }, this.first, this.last, this.parent);
  }
}

/** Makes the traced ports of each turn (the host calls `forTurn` with the turn's span). */
export function turnTracing(telemetry: Telemetry, backends: { billing: string; directory: string }) {
  const billingOps = operations('billing', BILLING_OPERATIONS, backends.billing === 'http' ? 'billing-service' : 'billing-embedded');
  const directoryOps = operations('directory', DIRECTORY_OPERATIONS, backends.directory === 'graph' ? 'microsoft-graph' : 'directory-embedded');
  const billingPort = tracedPorts<BillingService>(billingOps, telemetry);
  const directoryPort = tracedPorts<DirectoryService>(directoryOps, telemetry);
  return {
    forTurn(parent: SpanRef | undefined) {
      let store: TurnStore | undefined;
      return {
        /** The turn's services with traced ports. */
        wrap<S extends { billing: BillingService; directory: DirectoryService; store: Store; languageModel?: LanguageModelReader }>(services: S): S {
          // A sampled-out turn records no store span: its store is used bare.
          if (!isSampledOut(parent)) store ??= new TurnStore(services.store, telemetry, parent);
          const wrapped = { ...services, billing: billingPort(services.billing, parent), directory: directoryPort(services.directory, parent), store: store ?? services.store };
          if (services.languageModel) wrapped.languageModel = tracedModel(services.languageModel, telemetry, parent);
          return wrapped;
        },
        end: () => store?.end(),
      };
    },
  };
}
export type TurnTracing = ReturnType<ReturnType<typeof turnTracing>['forTurn']>;

/** The audit trail, counting each change's end (applied, refused, failed) by reason as it is written. */
export function countedAudit(audit: AuditTrail, telemetry: Telemetry): AuditTrail {
  const results: Partial<Record<AuditEntry['outcome'], 'applied' | 'refused' | 'failed'>> = { applied: 'applied', refused: 'refused', conflict: 'refused', failed: 'failed' };
  return {
    recent: (tenantId, limit) => audit.recent(tenantId, limit),
    append: async (entry) => {
      await audit.append(entry);
      const result = results[entry.outcome];
      if (result) telemetry.metrics.change({ result, reason: entry.reason ?? entry.outcome, action: entry.action });
    },
  };
}

/** The outbox dispatcher's deliveries as spans (roots: they run outside any turn), and its settles, retries and give-ups as metrics. */
export function outboxObserver(telemetry: Telemetry): DispatcherObserver {
  const attrs = (kind: string, extra: Attributes = {}) => ({ kind, ...extra });
  return {
    delivering: (record, work) => telemetry.span(`outbox.deliver ${record.kind}`, 'client', { 'peer.service': 'bot-connector', 'outbox.kind': record.kind, 'outbox.attempt': record.attempts }, () => work()),
    settled: (record, status) => telemetry.metrics.outbox('delivered', attrs(record.kind, { status })),
    retried: (record, reason) => telemetry.metrics.outbox('retried', attrs(record.kind, { reason })),
    gaveUp: (record, reason) => telemetry.metrics.outbox('gave_up', attrs(record.kind, { reason })),
  };
}

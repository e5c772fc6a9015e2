import type { AuditEntry, AuditTrail } from '../audit/auditTrail';
import type { BillingService } from '../billing/billingService';
import type { DirectoryService } from '../directory/directoryService';
import { isDomainError } from '../domain/errors';
import type { DispatcherObserver } from '../outbox/dispatcher';
import type { Store } from '../storage/store';
import type { Attributes } from './observer';
import { errorKind, type Telemetry } from './telemetry';

/**
 * The ports wrapped so each call is a child span of the turn (a dependency in Azure Monitor) and a
 * duration in the metrics, by operation and status. Used only when telemetry is on: with it off the
 * ports are the bare objects and nothing here runs.
 */

/** The status a failed call is counted under: the HTTP status when the backend gave one, else the error code. */
function statusOf(e: unknown): string {
  if (isDomainError(e)) return String((e.details as { status?: unknown } | undefined)?.status ?? e.code);
  return errorKind(e);
}

function traced<T extends object>(target: T, kind: 'billing' | 'directory', methods: readonly string[], telemetry: Telemetry, peer: string): T {
  const wrapped = Object.create(target) as Record<string, unknown>;
  for (const method of methods) {
    const original = (target as Record<string, unknown>)[method];
    if (typeof original !== 'function') continue;
    wrapped[method] = (...args: unknown[]) =>
      telemetry.span(`${kind}.${method}`, 'client', { 'peer.service': peer, [`${kind}.operation`]: method }, async (span) => {
        const started = performance.now();
        try {
          const result = await (original as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          telemetry.metrics.dependency(kind, performance.now() - started, { operation: method, status: 'ok' }, false);
          return result;
        } catch (e) {
          // An answer the flow expects (an unknown partner, a conflict) is a result, not an outage.
          const status = statusOf(e);
          span.set({ [`${kind}.status`]: status });
          telemetry.metrics.dependency(kind, performance.now() - started, { operation: method, status }, !isDomainError(e) || e.code === 'unavailable' || e.code === 'directory_unavailable');
          throw e;
        }
      });
  }
  return wrapped as T;
}

export const BILLING_OPERATIONS = ['getAccount', 'listSubscriptions', 'getSubscription', 'lookupPartner', 'setPartnerOfRecord', 'listRelationships', 'getBillingRoles'] as const;

/** `backend`: embedded (demo data in the store) or http (the billing service), as peer.service. */
export function tracedBilling(billing: BillingService, telemetry: Telemetry, backend: string): BillingService {
  return traced(billing, 'billing', BILLING_OPERATIONS, telemetry, backend === 'http' ? 'billing-service' : 'billing-embedded');
}

/** `backend`: embedded or graph (Microsoft Graph), as peer.service. */
export function tracedDirectory(directory: DirectoryService, telemetry: Telemetry, backend: string): DirectoryService {
  return traced(directory, 'directory', ['getUserRoles', 'listSubscriptions', 'getOrganization'], telemetry, backend === 'graph' ? 'microsoft-graph' : 'directory-embedded');
}

/** The record family of a key (`draft:…` → draft): what a store span is named after, never the key (it holds ids). */
const familyOf = (key: string) => key.slice(0, Math.max(0, key.indexOf(':'))) || 'record';

/** Store writes (each settles when committed) as spans: put, delete. Reads stay untraced: they are many and cached. */
export function tracedStore(store: Store, telemetry: Telemetry): Store {
  const write =
    <A extends unknown[]>(operation: string, run: (...args: A) => Promise<unknown>) =>
    (key: string, ...rest: unknown[]) =>
      telemetry.span(`store.${operation} ${familyOf(key)}`, 'client', { 'peer.service': 'store', 'store.operation': operation, 'store.family': familyOf(key) }, async () => {
        const started = performance.now();
        let failed = false;
        try {
          return await run(...([key, ...rest] as A));
        } catch (e) {
          failed = (e as { name?: string })?.name !== 'ConcurrencyError';
          throw e;
        } finally {
          telemetry.metrics.dependency('store', performance.now() - started, { operation, family: familyOf(key) }, failed);
        }
      });
  return {
    get: (key) => store.get(key),
    list: (prefix) => store.list(prefix),
    listPage: (prefix, limit, cursor) => store.listPage(prefix, limit, cursor),
    close: () => store.close(),
    put: write('put', (k: string, v: unknown, o?: object) => store.put(k, v, o)) as Store['put'],
    delete: write('delete', (k: string, e?: string) => store.delete(k, e)) as Store['delete'],
  };
}

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

/** The outbox dispatcher's deliveries as spans, and its settles, retries and give-ups as metrics. */
export function outboxObserver(telemetry: Telemetry): DispatcherObserver {
  const attrs = (kind: string, extra: Attributes = {}) => ({ kind, ...extra });
  return {
    delivering: (record, work) => telemetry.span(`outbox.deliver ${record.kind}`, 'client', { 'peer.service': 'bot-connector', 'outbox.kind': record.kind, 'outbox.attempt': record.attempts }, () => work()),
    settled: (record, status) => telemetry.metrics.outbox('delivered', attrs(record.kind, { status })),
    retried: (record, reason) => telemetry.metrics.outbox('retried', attrs(record.kind, { reason })),
    gaveUp: (record, reason) => telemetry.metrics.outbox('gave_up', attrs(record.kind, { reason })),
  };
}

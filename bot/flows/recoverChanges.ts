import { applyDraft, IN_FLIGHT_PREFIX } from './applyDraft';
import { ConcurrencyError } from '../storage/store';
import { claimForApplying, loadDraft, releaseLease } from './draft';
import { partnerLines } from './finishChange';
import { reportOutcome, turnForDraft } from './reportOutcome';
import { startPeriodicSweep } from './periodicSweep';
import type { FlowServices } from './services';

interface InFlight {
  draftId: string;
  at: string;
}

/**
 * Finishes changes a dead instance left in 'applying' (kill -9 between the billing call and the reply).
 * A change is taken over only when its lease has lapsed, by one instance (eTag guard); it is re-applied
 * with the same idempotency keys, so a subscription the billing service already changed is not changed
 * again, and the admin is told the outcome (the card is updated in place, or a new message is sent).
 * Returns how many changes this call finished.
 */
export async function recoverInterruptedChanges(services: FlowServices): Promise<number> {
  const { store, log, resilience } = services;
  let finished = 0;
  for (const entry of await store.list<InFlight>(IN_FLIGHT_PREFIX)) {
    const draftId = entry.value.draftId;
    const draft = await loadDraft(store, draftId);
    if (!draft || draft.status !== 'applying') {
      // Finished (or never claimed): drop the index entry once no confirm can still be between index and claim.
      if (Date.parse(entry.value.at) + resilience.applyLeaseMs < services.now().getTime()) await dropIndexEntry(services, entry.key, entry.etag);
      continue;
    }
    const claim = await claimForApplying(store, draftId, ['applying'], resilience.instanceId, resilience.applyLeaseMs, services.now());
    if (!claim.won || !claim.draft) continue; // still held by a live instance, or another one took it first
    log.warn({ draftId, tenantId: draft.tenantId, previousOwner: draft.lease?.owner }, 'recovering a change interrupted while applying');
    const done = await applyDraft(services, claim.draft);
    if (done.status === 'applying') continue; // lost the lease meanwhile: the new holder reports
    await inform(services, done);
    finished++;
  }
  return finished;
}

/**
 * At a stop, after the changes in flight had their time to finish: every change this instance still holds
 * (billing slower than the grace) is handed over. Applying it again elsewhere is safe: the same
 * idempotency keys change each subscription once. Returns the ids released.
 */
export async function releaseHeldChanges(services: FlowServices): Promise<string[]> {
  const { store, resilience } = services;
  const released: string[] = [];
  for (const entry of await store.list<InFlight>(IN_FLIGHT_PREFIX)) {
    if (await releaseLease(store, entry.value.draftId, resilience.instanceId, services.now())) released.push(entry.value.draftId);
  }
  if (released.length > 0) services.log.warn({ released }, 'changes still applying handed over to other instances');
  return released;
}

async function inform(services: FlowServices, draft: Awaited<ReturnType<typeof applyDraft>>): Promise<void> {
  try {
    const turn = turnForDraft(services, draft);
    await reportOutcome(services, draft, [turn.t('result.recovered'), ...(await partnerLines(turn, draft))]);
  } catch (e) {
    // The change is applied and audited; the card shows the outcome at the next click (cardForState).
    services.log.error({ draftId: draft.id, err: e instanceof Error ? { name: e.name, message: e.message } : String(e) }, 'could not report a recovered change');
  }
}

async function dropIndexEntry(services: FlowServices, key: string, etag: string): Promise<void> {
  try {
    await services.store.delete(key, etag);
  } catch (e) {
    // Re-indexed meanwhile by a new confirm or retry: that entry is current, keep it.
    if (!(e instanceof ConcurrencyError)) throw e;
  }
}

/** Runs recovery at start-up and then every `intervalMs` (0 = start-up only); one sweep at a time. */
export function startRecovery(services: FlowServices, intervalMs: number): { stop(): Promise<void> } {
  return startPeriodicSweep(
    services.log,
    'recovery',
    async () => {
      const n = await recoverInterruptedChanges(services);
      if (n > 0) services.log.info({ recovered: n }, 'interrupted changes recovered');
    },
    { firstAfterMs: 0, everyMs: intervalMs },
  );
}

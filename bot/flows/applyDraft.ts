import { rememberPartnerUsed } from '../partners/partnerHistory';
import { isDomainError } from '../domain/errors';
import { renewLease, transitionDraft, type ChangeDraft, type ResultRow } from './draft';
import type { FlowServices } from './services';

/**
 * Applies a draft that is in 'applying' and held by this instance (its lease). Each subscription is
 * changed with the idempotency key draftId:subscriptionId, so running this again after a crash or on
 * Retry never applies a change twice. Every attempt is written to the audit trail before and after
 * the billing call.
 *
 * Rows already applied (or refused for good) by an earlier attempt are kept; rows the billing service
 * could not be reached for ('unavailable') leave the draft 'failed', which the admin can retry.
 * Any other error is thrown and leaves the draft 'applying': recovery takes it over when the lease lapses.
 */
export async function applyDraft(services: FlowServices, draft: ChangeDraft): Promise<ChangeDraft> {
  const actor = draft.appliedBy ?? { userId: draft.ownerId, name: '' };
  const earlier = new Map((draft.results ?? []).filter((r) => r.errorCode !== 'unavailable').map((r) => [r.subscriptionId, r]));
  const { instanceId, applyLeaseMs } = services.resilience;
  let leaseUntil = draft.lease?.owner === instanceId ? Date.parse(draft.lease.until) : 0;
  const results: ResultRow[] = [];
  for (const row of draft.snapshot ?? []) {
    const kept = earlier.get(row.subscriptionId);
    if (kept) {
      results.push(kept);
      continue;
    }
    // Still ours? Another instance may have taken over after our lease lapsed: then it finishes, not us.
    // Until it lapses nobody can take it over: with more than half of it left (as right after the
    // claim) the lease is not renewed, which saves a read and a write per change.
    if (leaseUntil - services.now().getTime() < applyLeaseMs / 2) {
      const held = await renewLease(services.store, draft.id, instanceId, applyLeaseMs, services.now());
      if (!held.held) {
        services.log.warn({ draftId: draft.id }, 'lease on change lost to another instance; leaving it to that instance');
        return held.draft ?? draft;
      }
      leaseUntil = held.draft?.lease ? Date.parse(held.draft.lease.until) : 0;
    }
    const base = {
      at: services.now().toISOString(),
      tenantId: draft.tenantId,
      actorId: actor.userId,
      actorName: actor.name,
      action: draft.mode === 'remove' ? ('remove_partner' as const) : ('set_partner' as const),
      subscriptionId: row.subscriptionId,
      subscriptionName: row.name,
      oldPartnerId: row.oldPartner?.partnerId ?? null,
      newPartnerId: draft.partner?.partnerId ?? null,
      changeId: draft.id,
    };
    await services.audit.append({ ...base, outcome: 'requested' });
    try {
      const updated = await services.billing.setPartnerOfRecord({
        tenantId: draft.tenantId,
        subscriptionId: row.subscriptionId,
        partnerId: draft.mode === 'remove' ? null : (draft.partner?.partnerId ?? null),
        expectedVersion: row.version,
        idempotencyKey: `${draft.id}:${row.subscriptionId}`,
        requestedBy: actor.userId,
      });
      results.push({ subscriptionId: row.subscriptionId, name: row.name, outcome: 'applied', oldPartner: row.oldPartner, newPartner: updated.partnerOfRecord });
      await services.audit.append({ ...base, at: services.now().toISOString(), outcome: 'applied' });
    } catch (e) {
      if (!isDomainError(e)) throw e;
      results.push({ subscriptionId: row.subscriptionId, name: row.name, outcome: 'failed', errorCode: e.code, oldPartner: row.oldPartner });
      await services.audit.append({ ...base, at: services.now().toISOString(), outcome: e.code === 'conflict' ? 'conflict' : 'failed', reason: e.code });
    }
  }
  const status = results.some((r) => r.errorCode === 'unavailable') ? 'failed' : 'done';
  const { draft: finished } = await transitionDraft(
    services.store,
    draft.id,
    ['applying'],
    (d) => ({ ...d, status, results, lease: undefined }),
    services.now(),
  );
  await services.store.delete(inFlightKey(draft.id));
  // Remembered by name ("put Litware back on E5" is then understood without the ID), after the change is
  // done and off the turn: a write that loses its races is logged and must not turn the result into "applying…".
  const partner = draft.partner;
  if (partner && results.some((r) => r.outcome === 'applied')) {
    const at = services.now().toISOString();
    services.resilience.background.run('remember-partner', async () => {
      await rememberPartnerUsed(services.store, draft.tenantId, { partnerId: partner.partnerId, name: partner.name }, at);
      services.log.debug({ tenantId: draft.tenantId, partnerId: partner.partnerId }, 'partner remembered for the tenant');
    });
  }
  services.log.info({ draftId: draft.id, tenantId: draft.tenantId, status, applied: results.filter((r) => r.outcome === 'applied').length, total: results.length }, 'draft applied');
  return finished ?? { ...draft, status, results };
}

/** Index of changes being applied, so recovery reads a handful of records instead of every draft. */
export const IN_FLIGHT_PREFIX = 'inflight:';
export const inFlightKey = (draftId: string) => `${IN_FLIGHT_PREFIX}${draftId}`;

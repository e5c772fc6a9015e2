import { isDomainError } from '../domain/errors';
import { transitionDraft, type ChangeDraft, type ResultRow } from './draft';
import type { FlowServices } from './services';

/**
 * Applies a draft that is in 'applying'. Each subscription is changed with the idempotency key
 * draftId:subscriptionId, so running this again after a crash never applies a change twice.
 * Every attempt is written to the audit trail before and after the billing call.
 */
export async function applyDraft(services: FlowServices, draft: ChangeDraft): Promise<ChangeDraft> {
  const actor = draft.appliedBy ?? { userId: draft.ownerId, name: '' };
  const results: ResultRow[] = [];
  for (const row of draft.snapshot ?? []) {
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
      if (!isDomainError(e)) throw e; // infrastructure failure: the draft stays 'applying' and is retried
      results.push({ subscriptionId: row.subscriptionId, name: row.name, outcome: 'failed', errorCode: e.code, oldPartner: row.oldPartner });
      await services.audit.append({ ...base, at: services.now().toISOString(), outcome: e.code === 'conflict' ? 'conflict' : 'failed', reason: e.code });
    }
  }
  const { draft: done } = await transitionDraft(services.store, draft.id, ['applying'], (d) => ({ ...d, status: 'done', results }), services.now());
  services.log.info({ draftId: draft.id, tenantId: draft.tenantId, applied: results.filter((r) => r.outcome === 'applied').length, total: results.length }, 'draft applied');
  return done ?? { ...draft, status: 'done', results };
}

import { inFlightKey } from './applyDraft';
import { claimForApplying } from './draft';
import { cardForState, guardDraft } from './draftGuard';
import { finishChange } from './finishChange';
import { roleRefusal } from './notices';
import { checkAccess } from './permissions';
import { outcome, type Turn, type TurnOutcome } from './turn';

/**
 * Retry of a change the billing service could not complete. The same checks as Confirm (tenant, role of
 * the person clicking); only one click wins failed → applying; the same idempotency keys are used, so a
 * subscription the billing service did change before it stopped answering is not changed twice.
 */
export async function retryDraft(turn: Turn, draftId: string): Promise<TurnOutcome> {
  const { services, identity } = turn;
  const guarded = await guardDraft(turn, draftId, ['failed']);
  if ('outcome' in guarded) return guarded.outcome;
  const { account, permissions } = await checkAccess(services, identity.tenantId, identity.userId);
  if (!permissions.canManage) return outcome.update(roleRefusal(turn, account, 'manage'));

  await services.store.put(inFlightKey(draftId), { draftId, at: services.now().toISOString() });
  const claim = await claimForApplying(services.store, draftId, ['failed'], services.resilience.instanceId, services.resilience.applyLeaseMs, services.now(), (d) => ({
    ...d,
    appliedBy: { userId: identity.userId, name: identity.userName },
    card: { conversationId: identity.conversationId, activityId: identity.replyToId ?? d.card?.activityId },
  }));
  if (!claim.won || !claim.draft) {
    const again = await guardDraft(turn, draftId, []);
    return 'outcome' in again ? again.outcome : outcome.update(cardForState(turn, again.draft));
  }
  services.log.info({ draftId }, 'retrying a change');
  return finishChange(turn, claim.draft);
}

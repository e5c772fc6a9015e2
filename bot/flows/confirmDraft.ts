import { resultCard } from '../cards/resultCard';
import { applyDraft } from './applyDraft';
import { notifyPartners } from '../partners/notifyPartners';
import { transitionDraft } from './draft';
import { cardForState, guardDraft } from './draftGuard';
import { roleRefusal } from './notices';
import { checkAccess } from './permissions';
import { viewPartners } from './viewPartners';
import { outcome, type Turn, type TurnOutcome } from './turn';

/**
 * The confirming click. The role and tenant are checked again for the person clicking; only one click
 * wins the confirming → applying transition; a subscription that moved since the card was shown makes
 * the whole confirmation stale (nothing is applied) and the admin sees the current state.
 */
export async function confirmDraft(turn: Turn, draftId: string): Promise<TurnOutcome> {
  const { services, identity } = turn;
  const guarded = await guardDraft(turn, draftId, ['confirming']);
  if ('outcome' in guarded) return guarded.outcome;
  const { account, permissions } = await checkAccess(services, identity.tenantId, identity.userId);
  if (!permissions.canManage) {
    await services.audit.append({ at: services.now().toISOString(), tenantId: identity.tenantId, actorId: identity.userId, actorName: identity.userName, action: 'refused', outcome: 'refused', reason: 'missing_role', changeId: draftId });
    return outcome.update(roleRefusal(turn, account, 'manage'));
  }

  // Stale check before claiming: the snapshot must still describe every subscription.
  const current = await services.billing.listSubscriptions(identity.tenantId);
  const moved = (guarded.draft.snapshot ?? []).filter((row) => current.find((s) => s.id === row.subscriptionId)?.version !== row.version);
  if (moved.length > 0) {
    const { draft } = await transitionDraft(services.store, draftId, ['confirming'], (d) => ({ ...d, status: 'stale' }), services.now());
    await services.audit.append({ at: services.now().toISOString(), tenantId: identity.tenantId, actorId: identity.userId, actorName: identity.userName, action: guarded.draft.mode === 'remove' ? 'remove_partner' : 'set_partner', outcome: 'conflict', reason: 'stale_confirmation', changeId: draftId });
    const view = await viewPartners(turn);
    return { updatedCard: cardForState(turn, draft ?? { ...guarded.draft, status: 'stale' }), replies: view.replies };
  }

  const claim = await transitionDraft(
    services.store,
    draftId,
    ['confirming'],
    (d) => ({ ...d, status: 'applying', appliedBy: { userId: identity.userId, name: identity.userName } }),
    services.now(),
  );
  if (!claim.won || !claim.draft) {
    // Someone else's click (or a Teams retry) got there first: show what happened.
    const guardedAgain = await guardDraft(turn, draftId, []);
    return 'outcome' in guardedAgain ? guardedAgain.outcome : outcome.update(cardForState(turn, guardedAgain.draft));
  }
  const done = await applyDraft(services, claim.draft);
  return outcome.update(resultCard(turn, done, await notifyPartners(turn, done)));
}

import { outcome, type Turn, type TurnOutcome } from './turn';
import { guardDraft } from './draftGuard';
import { checkAccess } from './permissions';
import { roleRefusal } from './notices';
import { prepareConfirmation } from './prepareConfirmation';

export interface CheckInput {
  draftId: string;
  subscriptionIds: string[];
  partnerId?: string;
}

/** "Check ID" (add/change) and "Review" (remove): validate the form and show the confirmation in its place. */
export async function checkDraft(turn: Turn, input: CheckInput): Promise<TurnOutcome> {
  const guarded = await guardDraft(turn, input.draftId, ['collecting', 'confirming']);
  if ('outcome' in guarded) return guarded.outcome;
  const { account, permissions } = await checkAccess(turn.services, turn.identity.tenantId, turn.identity.userId);
  if (!permissions.canManage) return outcome.update(roleRefusal(turn, account, 'manage'));
  const prepared = await prepareConfirmation(turn, guarded.draft, input.subscriptionIds, input.partnerId);
  return outcome.update(prepared.card);
}

import { transitionDraft } from './draft';
import { cardForState, guardDraft } from './draftGuard';
import { outcome, type Turn, type TurnOutcome } from './turn';

export async function cancelDraft(turn: Turn, draftId: string): Promise<TurnOutcome> {
  const guarded = await guardDraft(turn, draftId, ['collecting', 'confirming']);
  if ('outcome' in guarded) return guarded.outcome;
  const { draft } = await transitionDraft(turn.services.store, draftId, ['collecting', 'confirming'], (d) => ({ ...d, status: 'cancelled' }), turn.services.now());
  turn.services.log.info({ draftId, status: draft?.status }, 'draft cancelled');
  return outcome.update(cardForState(turn, draft ?? guarded.draft));
}

import { noticeCard } from '../cards/noticeCard';
import { resultCard } from '../cards/resultCard';
import { menuActions } from '../cards/menuActions';
import { loadDraft, type ChangeDraft, type DraftStatus } from './draft';
import { expiredCardNotice } from './notices';
import { outcome, type Turn, type TurnOutcome } from './turn';

/**
 * Loads the draft a card refers to and makes sure it belongs to the tenant of the person clicking.
 * Returns either the draft (in one of `allowed` states) or the card to show instead.
 */
export async function guardDraft(
  turn: Turn,
  draftId: string,
  allowed: DraftStatus[],
): Promise<{ draft: ChangeDraft } | { outcome: TurnOutcome }> {
  const draft = await loadDraft(turn.services.store, draftId);
  if (!draft) return { outcome: outcome.update(expiredCardNotice(turn)) };
  if (draft.tenantId !== turn.identity.tenantId) {
    turn.services.log.warn({ draftId, tenantId: turn.identity.tenantId }, 'card from another tenant refused');
    return { outcome: outcome.update(noticeCard(turn, { title: turn.t('refusal.title'), color: 'Attention', paragraphs: [turn.t('refusal.otherTenant')] })) };
  }
  if (allowed.includes(draft.status)) return { draft };
  return { outcome: outcome.update(cardForState(turn, draft)) };
}

/** What a card shows for a draft that can no longer be acted on. */
export function cardForState(turn: Turn, draft: ChangeDraft) {
  const t = turn.t;
  switch (draft.status) {
    case 'done':
      return resultCard(turn, draft, [t('result.alreadyApplied')]);
    case 'failed':
      return resultCard(turn, draft);
    case 'applying':
      return noticeCard(turn, { title: t('applying.title'), paragraphs: [t('applying.text')] });
    case 'cancelled':
      return noticeCard(turn, { title: t('cancelled.title'), paragraphs: [t('cancelled.text')] });
    case 'stale':
      return noticeCard(turn, {
        title: t('stale.title'),
        color: 'Accent',
        paragraphs: [t('stale.text')],
        actions: menuActions(turn, ['menu.view', `menu.${draft.mode}` as const]),
      });
    default:
      return expiredCardNotice(turn);
  }
}

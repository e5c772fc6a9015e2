import { resultCard } from '../cards/resultCard';
import { notifyPartners } from '../partners/notifyPartners';
import { applyDraft } from './applyDraft';
import type { ChangeDraft } from './draft';
import { cardForState } from './draftGuard';
import { reportOutcome } from './reportOutcome';
import { outcome, type Turn, type TurnOutcome } from './turn';

/**
 * Applies a claimed draft and answers within Teams' limit: when the billing service is quick the card
 * shows the result at once; when it is slower than CONFIRM_ACK_MS the card says "applying…" now and is
 * updated in place (Messenger) once the billing service has answered.
 */
export async function finishChange(turn: Turn, claimed: ChangeDraft): Promise<TurnOutcome> {
  const { services } = turn;
  const work = applyDraft(services, claimed);
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => {
    timer = setTimeout(() => resolve('slow'), services.resilience.confirmAckMs);
  });
  try {
    const first = await Promise.race([work, slow]);
    // Still 'applying' means another instance took the change over (our lease lapsed): it reports the outcome.
    if (first !== 'slow') {
      if (first.status === 'applying') return outcome.update(cardForState(turn, first));
      return outcome.update(resultCard(turn, first, await partnerLines(turn, first)));
    }
  } catch (e) {
    // Not a business answer (store or network trouble): the draft stays 'applying' and recovery finishes it.
    services.log.error({ draftId: claimed.id, err: e instanceof Error ? { name: e.name, message: e.message } : String(e) }, 'applying a change failed; left for recovery');
    return outcome.update(cardForState(turn, claimed));
  } finally {
    clearTimeout(timer);
  }
  services.log.info({ draftId: claimed.id, afterMs: services.resilience.confirmAckMs }, 'billing is slow: acknowledged, finishing in the background');
  services.resilience.background.run('finish-change', async () => {
    const finished = await work;
    // Billing may answer just after the "applying…" card was handed over but before Teams has it:
    // updating the card before the answer arrives would leave Teams showing "applying…" last.
    await turn.answered;
    if (finished.status !== 'applying') await reportOutcome(services, finished, await partnerLines(turn, finished));
  });
  return outcome.update(cardForState(turn, claimed));
}

/**
 * The partners' confirmations for an applied change. The change itself is done and audited: trouble
 * here is logged and must not turn the admin's result into "applying…" (the outbox retries the sends).
 */
export async function partnerLines(turn: Turn, draft: ChangeDraft): Promise<string[]> {
  try {
    return await notifyPartners(turn, draft);
  } catch (e) {
    turn.services.log.error({ draftId: draft.id, err: e instanceof Error ? { name: e.name, message: e.message } : String(e) }, 'partner notifications could not be queued');
    return [];
  }
}

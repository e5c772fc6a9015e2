import { LINKS } from '../cards/links';
import { list, noticeCard } from '../cards/noticeCard';
import { outcome, type Turn, type TurnOutcome } from './turn';

/** Adding a partner while buying happens in the checkout wizard: the seed's steps with its links. */
export async function addAtPurchase(turn: Turn): Promise<TurnOutcome> {
  return outcome.reply(
    outcome.card(
      noticeCard(turn, {
        title: turn.t('purchase.title'),
        paragraphs: [turn.t('purchase.intro')],
        steps: list(turn, 'purchase.steps'),
        links: [
          { title: turn.t('links.purchaseServices'), url: LINKS.purchaseServices },
          { title: turn.t('links.pinpoint'), url: LINKS.pinpoint },
        ],
      }),
    ),
  );
}

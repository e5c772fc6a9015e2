import type { Turn } from '../flows/turn';
import type { Intent } from '../nlu/intents';
import { escapeMarkdown, type AdaptiveCard } from './cardRenderer';

export interface ClarifyCardData {
  choices: Intent[];
  partnerId?: string;
  partnerName?: string;
  subscriptions: { id: string; name: string }[];
}

/**
 * "Did you mean…?": two or three buttons, each starting one intent with what was already understood
 * (Partner ID, partner name, subscriptions), so the admin does not type it again. "Something else"
 * opens the help card.
 */
export function clarifyCard(turn: Turn, data: ClarifyCardData): AdaptiveCard {
  const t = turn.t;
  const details = [
    data.partnerName ? t('clarify.partner', { name: escapeMarkdown(data.partnerName) }) : '',
    data.partnerId ? t('clarify.partnerId', { id: data.partnerId }) : '',
    data.subscriptions.length ? t('clarify.subscriptions', { names: data.subscriptions.map((s) => escapeMarkdown(s.name)).join(', ') }) : '',
  ].filter(Boolean);
  return turn.services.cards.render('clarify', {
    title: t('clarify.title'),
    understood: details.length ? t('clarify.understood', { details: details.join(', ') }) : '',
    choices: data.choices.map((intent) => ({
      title: t(`clarify.choices.${intent}`),
      intent,
      partnerId: data.partnerId ?? '',
      partnerName: data.partnerName ?? '',
      subscriptionIds: data.subscriptions.map((s) => s.id).join(','),
      lang: turn.language,
    })),
    otherTitle: t('clarify.other'),
    lang: turn.language,
  });
}

import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import type { Reply } from '../flows/turn';

/** Domain replies → Bot Framework activities. */
export function toActivity(reply: Reply): Partial<Activity> {
  return reply.kind === 'text' ? MessageFactory.text(reply.text) : MessageFactory.attachment(CardFactory.adaptiveCard(reply.card));
}

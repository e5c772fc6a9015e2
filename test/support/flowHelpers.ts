import type { BotHarness } from './botHarness';
import { actionByVerb, cardOf, cardText } from './cards';
import type { TeamsUser } from './teamsActivities';

/** The last Adaptive Card among the bot's replies. */
export function lastCard(replies: any[]): any {
  const cards = replies.map(cardOf).filter(Boolean);
  if (cards.length === 0) throw new Error(`No card in replies: ${JSON.stringify(replies).slice(0, 500)}`);
  return cards[cards.length - 1];
}

/** The card an Action.Execute invoke answered with (it replaces the clicked card in Teams). */
export function updatedCard(result: { status: number; response: any }): any {
  if (result.status !== 200) throw new Error(`invoke answered ${result.status}`);
  const r = result.response;
  if (r?.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`invoke did not return a card: ${JSON.stringify(r).slice(0, 300)}`);
  return r.value;
}

/** Presses a button on a card, with the values the user typed into its inputs. */
export async function press(bot: BotHarness, user: TeamsUser, card: any, verb: string, inputs: Record<string, unknown> = {}) {
  const action = actionByVerb(card, verb);
  const result = await bot.click(user, action.verb, { ...action.data, ...inputs });
  return { ...result, card: updatedCard(result) };
}

export async function subscription(bot: BotHarness, tenantId: string, id: string) {
  return bot.app.services.billing.getSubscription(tenantId, id);
}

export { cardText };

import { cardAction, message } from '../test/support/teamsActivities';
import { BENCH_PARTNERS, benchUser, type BenchUser } from './benchData';
import type { FastConnector } from './fastConnector';
import { ScenarioError, type Post, type Scenario } from './loadDriver';

const asUser = (u: BenchUser) => ({ tenantId: u.tenantId, aadObjectId: u.userId, name: u.name, conversationId: u.conversationId, locale: 'en-US' });

function find(node: any, match: (n: any) => boolean): any {
  if (!node || typeof node !== 'object') return undefined;
  if (match(node)) return node;
  for (const v of Object.values(node)) {
    const hit = find(v, match);
    if (hit) return hit;
  }
  return undefined;
}

const actionData = (card: any, verb: string) => {
  const action = (card?.actions ?? []).find((a: any) => a.verb === verb);
  if (!action) throw new ScenarioError(`no ${verb} button on card: ${JSON.stringify(card).slice(0, 300)}`);
  return action.data as Record<string, unknown>;
};

const invokeCard = (turn: { json(): any }) => {
  const body = turn.json();
  if (body?.type !== 'application/vnd.microsoft.card.adaptive') throw new ScenarioError(`invoke returned no card: ${JSON.stringify(body).slice(0, 300)}`);
  return body.value;
};

export interface FlowCards {
  form: any;
  confirm: any;
  result: any;
}

/**
 * One complete admin conversation: "add a partner" → form card (sent to the connector) → Check ID
 * invoke with the user's own subscription and a Partner ID → confirm invoke → result card.
 * The Partner ID is whichever of the two bench partners the subscription does not have yet.
 */
export async function addPartnerFlow(index: number, post: Post, connector: FastConnector, step?: (name: string) => Promise<void>): Promise<FlowCards> {
  const u = benchUser(index);
  const user = asUser(u);
  connector.forget(u.conversationId);
  await post(message(user, connector.url, 'add a partner'));
  const form = connector.lastActivity(u.conversationId)?.attachments?.[0]?.content;
  const choice = find(form, (n) => n.value === u.subscriptionId && typeof n.title === 'string');
  if (!choice) throw new ScenarioError(`form card without the user's subscription: ${JSON.stringify(form).slice(0, 300)}`);
  const partnerId = choice.title.includes(BENCH_PARTNERS[0]) ? BENCH_PARTNERS[1] : BENCH_PARTNERS[0];
  await step?.('message "add a partner" → form card');

  const check = actionData(form, 'draft.check');
  const confirm = invokeCard(await post(cardAction(user, connector.url, 'draft.check', { ...check, subscriptionIds: u.subscriptionId, partnerId })));
  await step?.('Check ID invoke → confirmation card');

  const result = invokeCard(await post(cardAction(user, connector.url, 'draft.confirm', actionData(confirm, 'draft.confirm'))));
  if (result?.body?.[0]?.color !== 'Good') throw new ScenarioError(`change not applied: ${JSON.stringify(result).slice(0, 300)}`);
  await step?.('confirm invoke → result card');
  return { form, confirm, result };
}

export const botScenario = (connector: FastConnector): Scenario => (vu, _iteration, post) => addPartnerFlow(vu, post, connector).then(() => undefined);

/** State mode: every iteration is a new user and conversation (index = iteration). */
export const stateScenario = (connector: FastConnector): Scenario => (_vu, iteration, post) => addPartnerFlow(iteration, post, connector).then(() => undefined);

/** Baseline echo bot and bare route: the same message activity, one turn per iteration. */
export const echoScenario = (connector: FastConnector): Scenario => async (vu, _iteration, post) => {
  await post(message(asUser(benchUser(vu)), connector.url, 'add a partner'));
};

import { welcomeCard } from '../cards/welcomeCard';
import type { Intent } from '../nlu/intents';
import { draftActionSchema, draftRefSchema, pageActionSchema } from './actionData';
import { addAtPurchase } from './addAtPurchase';
import { cancelDraft } from './cancelDraft';
import { checkDraft } from './checkDraft';
import { confirmDraft } from './confirmDraft';
import { removeReseller } from './removeReseller';
import { retryDraft } from './retryDraft';
import { startChange } from './startChange';
import { outcome, type Turn, type TurnOutcome } from './turn';
import { viewPartners } from './viewPartners';
import { collaborationVerbs } from '../collaboration/turnHooks';
import { requestHandoff } from '../handoff/handoffFlows';

/** What a request carries into a flow once understood and read against the tenant (bot/conversation). */
export interface FlowRequest {
  partnerId?: string;
  /** A partner named by company whose ID is not known yet: the form asks for it, showing the name. */
  partnerName?: string;
  subscriptionIds: string[];
}

type IntentHandler = (turn: Turn, request: FlowRequest) => Promise<TurnOutcome>;

const intentHandlers: Record<Intent, IntentHandler> = {
  view_partners: (turn) => viewPartners(turn),
  add_partner: (turn, r) => startChange(turn, { mode: 'add', partnerId: r.partnerId, partnerName: r.partnerName, subscriptionIds: r.subscriptionIds }),
  change_partner: (turn, r) => startChange(turn, { mode: 'change', partnerId: r.partnerId, partnerName: r.partnerName, subscriptionIds: r.subscriptionIds }),
  remove_partner: (turn, r) => startChange(turn, { mode: 'remove', subscriptionIds: r.subscriptionIds }),
  remove_reseller: (turn) => removeReseller(turn),
  add_at_purchase: (turn) => addAtPurchase(turn),
  help: async (turn) => outcome.reply(outcome.card(welcomeCard(turn))),
  handoff: (turn) => requestHandoff(turn),
  // A name, an ID or a subscription read, yet surely about something else ("give Tailspin guest access"): say so.
  unknown: async (turn, r) => {
    const aboutSomethingElse = Boolean(r.partnerId || r.partnerName || r.subscriptionIds.length > 0);
    return outcome.reply(outcome.card(welcomeCard(turn, turn.t(aboutSomethingElse ? 'welcome.notAboutPartners' : 'welcome.notUnderstood'))));
  },
};

/** Starts the flow of an intent: the one step every understood message and menu click ends in. */
export function runIntent(turn: Turn, intent: Intent, request: FlowRequest): Promise<TurnOutcome> {
  turn.services.observer.note({ 'bot.flow': intent });
  return intentHandlers[intent](turn, request);
}

export type ActionHandler = (turn: Turn, data: unknown) => Promise<TurnOutcome>;

/** A click that opens a task: the flow's replies, with a short acknowledgement on the clicked card. */
export async function openedByClick(turn: Turn, intent: Intent, request: FlowRequest): Promise<TurnOutcome> {
  const result = await runIntent(turn, intent, request);
  return { ...result, ack: turn.t('ack.opening') };
}

const menu = (intent: Intent): ActionHandler => (turn) => openedByClick(turn, intent, { subscriptionIds: [] });

/** One small handler per card verb. */
export const actionHandlers: Readonly<Record<string, ActionHandler>> = {
  'menu.view': menu('view_partners'),
  'menu.add': menu('add_partner'),
  'menu.change': menu('change_partner'),
  'menu.remove': menu('remove_partner'),
  'menu.removeReseller': menu('remove_reseller'),
  'menu.purchase': menu('add_at_purchase'),
  'menu.help': menu('help'),
  'partners.page': (turn, data) => viewPartners(turn, pageActionSchema.parse(data).page),
  'draft.check': (turn, data) => checkDraft(turn, draftActionSchema.parse(data)),
  'draft.review': (turn, data) => checkDraft(turn, draftActionSchema.parse(data)),
  'draft.confirm': (turn, data) => confirmDraft(turn, draftRefSchema.parse(data).draftId),
  'draft.cancel': (turn, data) => cancelDraft(turn, draftRefSchema.parse(data).draftId),
  'draft.retry': (turn, data) => retryDraft(turn, draftRefSchema.parse(data).draftId),
  // On the card of a change the billing service could not complete; collaborationVerbs may override it.
  'menu.handoff': menu('handoff'),
  ...collaborationVerbs,
};



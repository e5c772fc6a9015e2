import { welcomeCard } from '../cards/welcomeCard';
import { noticeCard } from '../cards/noticeCard';
import { reasonText } from '../cards/subscriptionText';
import { isDomainError } from '../domain/errors';
import { isLanguage, type Language } from '../i18n/i18n';
import { loadDraft } from './draft';
import type { Intent, ParsedRequest } from '../nlu/intents';
import { draftActionSchema, draftRefSchema, pageActionSchema } from './actionData';
import { addAtPurchase } from './addAtPurchase';
import { cancelDraft } from './cancelDraft';
import { checkDraft } from './checkDraft';
import { confirmDraft } from './confirmDraft';
import { chooseLanguage } from './language';
import { failureNotice } from './notices';
import { removeReseller } from './removeReseller';
import { retryDraft } from './retryDraft';
import type { FlowServices } from './services';
import { startChange } from './startChange';
import { servicesForTurn } from './turnMemo';
import { outcome, type Turn, type TurnIdentity, type TurnOutcome } from './turn';
import { changesLanguage, loadProfile, saveLanguage } from './userProfile';
import { viewPartners } from './viewPartners';
import { afterTurn, collaborationVerbs, interceptMessage } from '../collaboration/turnHooks';
import { handoffStatus, requestHandoff } from '../handoff/handoffFlows';

type IntentHandler = (turn: Turn, parsed: ParsedRequest) => Promise<TurnOutcome>;

const intentHandlers: Record<Intent, IntentHandler> = {
  view_partners: (turn) => viewPartners(turn),
  add_partner: (turn, p) => startChange(turn, { mode: 'add', partnerId: p.partnerId, subscriptionIds: p.subscriptionIds }),
  change_partner: (turn, p) => startChange(turn, { mode: 'change', partnerId: p.partnerId, subscriptionIds: p.subscriptionIds }),
  remove_partner: (turn, p) => startChange(turn, { mode: 'remove', subscriptionIds: p.subscriptionIds }),
  remove_reseller: (turn) => removeReseller(turn),
  add_at_purchase: (turn) => addAtPurchase(turn),
  help: async (turn) => outcome.reply(outcome.card(welcomeCard(turn))),
  handoff: (turn) => requestHandoff(turn),
  unknown: async (turn) => outcome.reply(outcome.card(welcomeCard(turn, turn.t('welcome.notUnderstood')))),
};

type ActionHandler = (turn: Turn, data: unknown) => Promise<TurnOutcome>;

const NO_REQUEST: ParsedRequest = { intent: 'unknown', subscriptionIds: [] };
const menu = (intent: Intent): ActionHandler => async (turn) => {
  const result = await intentHandlers[intent](turn, { ...NO_REQUEST, intent });
  return { ...result, ack: turn.t('ack.opening') };
};

/** One small handler per card verb. */
const actionHandlers: Record<string, ActionHandler> = {
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

export function isKnownVerb(verb: string): boolean {
  return Object.prototype.hasOwnProperty.call(actionHandlers, verb);
}

/** The domain side of the bot: turns a message or a card action into replies. No botbuilder here. */
export class PartnerOfRecordBot {

  constructor(private readonly services: FlowServices) {
  }

  async onMessage(identity: TurnIdentity, rawText: string): Promise<TurnOutcome> {
    const text = rawText.slice(0, 2000);
    const services = servicesForTurn(this.services);
    const profile = await loadProfile(services.store, identity.tenantId, identity.userId);
    const catalog = await this.catalog(services, identity.tenantId);
    const parsed = this.services.parse(text, catalog);
    const languageChange = { ...(parsed.switchLanguage ? { preferredLanguage: parsed.switchLanguage } : {}), ...(parsed.language ? { lastLanguage: parsed.language } : {}) };
    // Checked against the profile just read, so an unchanged language costs no second read.
    if (changesLanguage(profile, languageChange)) {
      await saveLanguage(this.services.store, identity.tenantId, identity.userId, languageChange, this.services.now());
    }
    const language = parsed.switchLanguage ?? chooseLanguage({ requestLanguage: parsed.language, profile, locale: identity.locale, fallback: this.services.defaultLanguage });
    const turn = this.turn(identity, language, services);
    this.services.log.info({ intent: parsed.intent, language, hasPartnerId: Boolean(parsed.partnerId), subscriptions: parsed.subscriptionIds.length }, 'message understood');
    if (parsed.switchLanguage && parsed.intent === 'unknown') {
      return outcome.reply(outcome.text(turn.t('language.switched')), outcome.card(welcomeCard(turn)));
    }
    const result = await this.guard(turn, async () => (await interceptMessage(turn, text)) ?? intentHandlers[parsed.intent](turn, parsed));
    return afterTurn(turn, text, result);
  }

  /** `answered`: resolves when the host has sent this turn's answer (see Turn.answered). */
  async onAction(identity: TurnIdentity, verb: string, data: unknown, answered?: Promise<void>): Promise<TurnOutcome> {
    const turn = await this.turnFor(identity, await this.cardLanguage(data), answered);
    const handler = isKnownVerb(verb) ? actionHandlers[verb] : undefined;
    if (!handler) {
      this.services.log.warn({ verb: verb.slice(0, 64) }, 'unknown card verb');
      return outcome.update(noticeCard(turn, { title: turn.t('invalid.title'), color: 'Attention', paragraphs: [turn.t('invalid.verb')] }));
    }
    return afterTurn(turn, '', await this.guard(turn, () => handler(turn, data), true));
  }

  async onInstall(identity: TurnIdentity): Promise<TurnOutcome> {
    const turn = await this.turnFor(identity);
    return outcome.reply(outcome.card(welcomeCard(turn)));
  }

  /** A Bot Framework handoff.status event from an agent hub (accepted / failed / completed). */
  async onHandoffStatus(identity: TurnIdentity, value: unknown): Promise<TurnOutcome> {
    const turn = await this.turnFor(identity);
    return this.guard(turn, () => handoffStatus(turn, value));
  }

  private async turnFor(identity: TurnIdentity, cardLanguage?: Language, answered?: Promise<void>): Promise<Turn> {
    const profile = await loadProfile(this.services.store, identity.tenantId, identity.userId);
    return this.turn(identity, chooseLanguage({ requestLanguage: cardLanguage, profile, locale: identity.locale, fallback: this.services.defaultLanguage }), servicesForTurn(this.services), answered);
  }

  /** A click answers in the language its card was shown in: the draft's, or the one the button carries. */
  private async cardLanguage(data: unknown): Promise<Language | undefined> {
    const fields = typeof data === 'object' && data !== null ? (data as { draftId?: unknown; lang?: unknown }) : {};
    if (typeof fields.draftId === 'string' && fields.draftId.length <= 64) {
      const draft = await loadDraft(this.services.store, fields.draftId);
      if (draft) return draft.language;
    }
    return isLanguage(fields.lang) ? fields.lang : undefined;
  }

  /** `services` carries the per-turn read memo (turnMemo.ts): each backend read happens once per turn. */
  private turn(identity: TurnIdentity, language: Language, services: FlowServices, answered?: Promise<void>): Turn {
    return { identity, language, t: this.services.localizer.t(language), services, answered };
  }

  private async catalog(services: FlowServices, tenantId: string) {
    try {
      return (await services.billing.listSubscriptions(tenantId)).map((s) => ({ id: s.id, name: s.name, skuPartNumber: s.skuPartNumber }));
    } catch (e) {
      if (isDomainError(e, 'unknown_tenant')) return [];
      throw e;
    }
  }

  /** Turns known failures into clear answers; unknown ones are logged and answered without internals. */
  private async guard(turn: Turn, run: () => Promise<TurnOutcome>, isAction = false): Promise<TurnOutcome> {
    try {
      return await run();
    } catch (e) {
      const card = this.failureCard(turn, e);
      return isAction ? outcome.update(card) : outcome.reply(outcome.card(card));
    }
  }

  private failureCard(turn: Turn, e: unknown) {
    if (isDomainError(e)) {
      // A rule or backend answer the admin can act on: say which, in their language.
      this.services.log.warn({ code: e.code }, 'turn ended by a domain error');
      const title = e.code === 'unknown_tenant' || e.code === 'not_authorized' ? 'refusal.title' : 'failure.title';
      return noticeCard(turn, { title: turn.t(title), color: 'Attention', paragraphs: [reasonText(turn, e)] });
    }
    if (e instanceof Error && e.name === 'ZodError') {
      return noticeCard(turn, { title: turn.t('invalid.title'), color: 'Attention', paragraphs: [turn.t('invalid.data')] });
    }
    this.services.log.error({ err: e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : String(e) }, 'turn failed');
    return failureNotice(turn);
  }
}

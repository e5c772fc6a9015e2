import { welcomeCard } from '../cards/welcomeCard';
import { noticeCard } from '../cards/noticeCard';
import { reasonText } from '../cards/subscriptionText';
import { isDomainError } from '../domain/errors';
import { isLanguage, type Language } from '../i18n/i18n';
import { afterTurn, interceptMessage } from '../collaboration/turnHooks';
import { loadDraft } from '../flows/draft';
import { chooseLanguage } from '../flows/language';
import { failureNotice } from '../flows/notices';
import { actionHandlers, type ActionHandler } from '../flows/router';
import type { FlowServices } from '../flows/services';
import { servicesForTurn } from '../flows/turnMemo';
import { outcome, type Turn, type TurnIdentity, type TurnOutcome } from '../flows/turn';
import { changesProfile, loadProfile, recentRequest, saveProfile, type ProfileChange } from '../flows/userProfile';
import { handoffStatus } from '../handoff/handoffFlows';
import { clarifyChoice } from './clarifyChoice';
import { previousRequestOf } from './lastRequest';
import { answer, type Answer } from './messagePipeline';
import { consultModel, readByParser, type Consultation, type SecondOpinion } from './secondOpinion';
import { readTenantKnowledge } from './tenantKnowledge';

/** Every card verb: the flows' own, and the answer to a "Did you mean…?" question. */
const verbHandlers: Readonly<Record<string, ActionHandler>> = { ...actionHandlers, 'clarify.choose': clarifyChoice };

export function isKnownVerb(verb: string): boolean {
  return Object.prototype.hasOwnProperty.call(verbHandlers, verb);
}

/** "svara på svenska" alone: nothing asked but the language, so the bot says so and shows what it can do. */
function isOnlyLanguageSwitch({ resolved, decision }: Answer): boolean {
  const asked = decision.kind === 'act' ? decision.intent : undefined;
  return (asked === 'unknown' || asked === 'help') && !resolved.partnerId && resolved.subscriptionIds.length === 0;
}

/** The domain side of the bot: turns a message or a card action into replies. No botbuilder here. */
export class PartnerOfRecordBot {

  constructor(private readonly services: FlowServices) {
  }

  async onMessage(identity: TurnIdentity, rawText: string): Promise<TurnOutcome> {
    const text = rawText.slice(0, 2000);
    const services = servicesForTurn(this.services);
    const now = this.services.now();
    const [profile, knowledge] = await Promise.all([loadProfile(services.store, identity.tenantId, identity.userId), readTenantKnowledge(services, identity.tenantId)]);
    const previous = recentRequest(profile, identity.conversationId, now);
    // Read by the parser first (microseconds): enough to choose the language, and to relay a message
    // the helpdesk has taken over before anything else reads it.
    const first = readByParser(services, knowledge, text, previous);
    const languageOf = ({ understood: { parsed } }: SecondOpinion) =>
      parsed.switchLanguage ?? chooseLanguage({ requestLanguage: parsed.language, profile, locale: identity.locale, fallback: this.services.defaultLanguage });
    let turn = this.turn(identity, languageOf(first), services);
    if (first.understood.parsed.switchLanguage && isOnlyLanguageSwitch(first.answer)) {
      await this.remember(profile, identity, now, first);
      return outcome.reply(outcome.text(turn.t('language.switched')), outcome.card(welcomeCard(turn)));
    }
    let read = first;
    const result = await this.guard(turn, async () => {
      const relayed = await interceptMessage(turn, text);
      if (relayed) return relayed;
      // Only a message the bot answers itself may go to a language model: never one for the helpdesk.
      if (services.languageModel) {
        read = await consultModel(services.languageModel, text, first.understood, first.answer, previous);
        this.noteConsultation(read.consultation);
        // The model may have read a language switch the parser did not.
        if (read.understood.parsed.switchLanguage !== first.understood.parsed.switchLanguage) turn = this.turn(identity, languageOf(read), services);
      }
      return answer(turn, read.understood, read.answer);
    });
    await this.remember(profile, identity, now, read);
    // "in Swedish please" after "who are our partners?": said so, then the same answer in Swedish.
    if (read.understood.parsed.switchLanguage && read.understood.parsed.followUp) result.replies.unshift(outcome.text(turn.t('language.switched')));
    return afterTurn(turn, text, result);
  }

  /** The languages and the request a later message may continue, written only when they changed. */
  private async remember(profile: Awaited<ReturnType<typeof loadProfile>>, identity: TurnIdentity, now: Date, { understood: { parsed }, answer: decided }: SecondOpinion): Promise<void> {
    const request = previousRequestOf(parsed, decided);
    const change: ProfileChange = {
      ...(parsed.switchLanguage ? { preferredLanguage: parsed.switchLanguage } : {}),
      ...(parsed.language ? { lastLanguage: parsed.language } : {}),
      ...(request ? { lastRequest: { request, conversationId: identity.conversationId, at: now.toISOString() } } : {}),
    };
    // Checked against the profile read at the start of the turn, so an unchanged profile costs no write.
    if (changesProfile(profile, change)) await saveProfile(this.services.store, identity.tenantId, identity.userId, change, now);
  }

  /** What the language model (NLU_LLM) made of the message, for operators: the result, time and tokens, never text. */
  private noteConsultation({ result, outcome }: Consultation): void {
    if (result === 'not_asked') return;
    this.services.observer.note({ 'bot.llm': result });
    const failed = outcome && !outcome.ok ? outcome : undefined;
    const fields = { llm: result, ms: Math.round(outcome?.ms ?? 0), tokens: outcome?.tokens ?? 0, ...(failed?.status !== undefined ? { status: failed.status } : {}), ...(failed?.detail ? { detail: failed.detail } : {}) };
    if (outcome?.ok) this.services.log.info(fields, 'language model read the message');
    else this.services.log.warn(fields, "language model failed: the classifier's answer stands");
  }

  /** `answered`: resolves when the host has sent this turn's answer (see Turn.answered). */
  async onAction(identity: TurnIdentity, verb: string, data: unknown, answered?: Promise<void>): Promise<TurnOutcome> {
    const turn = await this.turnFor(identity, await this.cardLanguage(data), answered);
    const handler = isKnownVerb(verb) ? verbHandlers[verb] : undefined;
    this.services.observer.note({ 'bot.flow': handler ? verb : 'unknown_verb', 'bot.language': turn.language });
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
    this.services.observer.note({ 'bot.outcome': 'failed', 'bot.error': isDomainError(e) ? e.code : e instanceof Error && e.name === 'ZodError' ? 'invalid_data' : 'internal' });
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

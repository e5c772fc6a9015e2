import {
  ActivityTypes,
  EventFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import { PartnerOfRecordBot } from '../conversation/partnerOfRecordBot';
import type { TurnOutcome } from '../flows/turn';
import type { FlowServices } from '../flows/services';
import { rememberAddress } from '../messaging/conversationDirectory';
import type { Logger } from '../logging/logger';
import { identityOf } from './activityIdentity';
import { TURN_ANSWERED, TURN_OBSERVER, TURN_TRACING } from './adapter';
import type { TurnTracing } from '../telemetry/instrumentedPorts';
import type { TurnObserver } from '../telemetry/observer';
import { toActivity } from './replies';
import { TURN_LOG, turnLog } from './turnLog';

/** Thin botbuilder host: maps Teams activities to the domain bot and its outcomes back to activities. */
export class TeamsHostBot extends TeamsActivityHandler {
  constructor(
    private readonly bot: PartnerOfRecordBot,
    private readonly services: FlowServices,
    private readonly log: Logger,
  ) {
    super();

    this.onMessage(async (context, next) => {
      const identity = identityOf(context.activity);
      if (!identity) {
        await context.sendActivity(this.services.localizer.t(this.services.defaultLanguage)('errors.unknown_tenant'));
        return next();
      }
      const value = context.activity.value as { verb?: unknown } | undefined;
      // Action.Submit from older clients arrives as a message carrying the card data.
      const result =
        value && typeof value.verb === 'string' && !context.activity.text
          ? await this.botFor(context).onAction(identity, value.verb, value, answeredOf(context))
          : await this.botFor(context).onMessage(identity, TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '');
      await this.send(context, result, true);
      return next();
    });

    // An agent hub answers handoff.initiate with handoff.status events (accepted | failed | completed).
    this.onEvent(async (context, next) => {
      const identity = identityOf(context.activity);
      if (context.activity.name === 'handoff.status' && identity) {
        await this.send(context, await this.bot.onHandoffStatus(identity, context.activity.value), false);
      }
      return next();
    });

    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
      const identity = identityOf(context.activity);
      if (botAdded && identity) await this.send(context, await this.botFor(context).onInstall(identity), true);
      return next();
    });
  }

  /** Every activity from a known user refreshes the stored address used for proactive messages. */
  override async run(context: TurnContext): Promise<void> {
    const identity = identityOf(context.activity);
    if (identity) {
      // The activity id changes every turn; without it the reference is stable and stored once.
      const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(context.activity);
      await rememberAddress(
        this.services.store,
        { tenantId: identity.tenantId, userId: identity.userId, personal: context.activity.conversation?.conversationType === 'personal' },
        { conversationId: identity.conversationId, reference: reference as Record<string, unknown> },
        this.services.now(),
      );
    }
    await super.run(context);
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const identity = identityOf(context.activity);
    if (!identity) return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'Missing tenant or user' } as never };
    const verb = typeof invokeValue?.action?.verb === 'string' ? invokeValue.action.verb : '';
    const result = await this.botFor(context).onAction(identity, verb, invokeValue?.action?.data ?? {}, answeredOf(context));
    await this.send(context, result, false);
    if (result.updatedCard) {
      return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.updatedCard as never };
    }
    return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: (result.ack ?? '') as never };
  }

  /** The domain bot for this turn: logs carry the turn's correlation id, and notes go to the turn's span, when the inbound handler set them. */
  private botFor(context: TurnContext): PartnerOfRecordBot {
    const log = context.turnState.get(TURN_LOG) as Logger | undefined;
    const observer = context.turnState.get(TURN_OBSERVER) as TurnObserver | undefined;
    const tracing = context.turnState.get(TURN_TRACING) as TurnTracing | undefined;
    if (!log && !observer) return this.bot;
    const services = { ...this.services, log: log ?? this.services.log, observer: observer ?? this.services.observer };
    return new PartnerOfRecordBot(tracing ? tracing.wrap(services) : services);
  }

  private async send(context: TurnContext, result: TurnOutcome, includeUpdated: boolean): Promise<void> {
    if (result.blocked) (context.turnState.get(TURN_OBSERVER) as TurnObserver | undefined)?.note({ 'bot.outcome': 'blocked' });
    const replies = includeUpdated && result.updatedCard ? [{ kind: 'card' as const, card: result.updatedCard }, ...result.replies] : result.replies;
    if (replies.length > 0) {
      await context.sendActivities(replies.map(toActivity));
      turnLog(context, this.log).debug({ count: replies.length }, 'replies sent');
    }
    if (result.handoff) await this.initiateHandoff(context, result.handoff);
  }

  /** The Bot Framework handoff protocol, for channels connected to an agent hub; the transcript is text only. */
  private async initiateHandoff(context: TurnContext, handoff: NonNullable<TurnOutcome['handoff']>): Promise<void> {
    const user = context.activity.from;
    const bot = context.activity.recipient;
    const activities = handoff.transcript.map((e) => ({
      type: ActivityTypes.Message,
      text: e.text,
      timestamp: new Date(e.at),
      from: e.from === 'user' ? { id: user.id, name: user.name } : { id: bot.id, name: bot.name },
    }));
    try {
      await context.sendActivity(EventFactory.createHandoffInitiation(context, { ticketId: handoff.ticketId }, { activities: activities as never }));
    } catch (e) {
      // Only channels connected to an agent hub take this event (Teams' own channel may refuse it with 400):
      // the ticket in the helpdesk channel is the hand-off there, so a refusal must not fail the admin's turn.
      turnLog(context, this.log).warn({ ticketId: handoff.ticketId, err: e instanceof Error ? e.message.slice(0, 200) : String(e) }, 'handoff.initiate event not accepted by the channel');
    }
  }
}

/** When the HTTP answer to this turn has been written (set by the inbound handler). */
function answeredOf(context: TurnContext): Promise<void> | undefined {
  return context.turnState.get(TURN_ANSWERED) as Promise<void> | undefined;
}

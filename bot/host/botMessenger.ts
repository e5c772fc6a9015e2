import { CardFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { AdaptiveCard } from '../cards/cardRenderer';
import type { Reply } from '../flows/turn';
import { DeliveryError, type ConversationAddress, type Messenger } from '../messaging/messenger';
import { toActivity } from './replies';

/** Proactive sends through the CloudAdapter (continueConversationAsync), errors mapped to DeliveryError. */
export class BotMessenger implements Messenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
  ) {}

  async send(address: ConversationAddress, replies: Reply[]): Promise<string[]> {
    const ids: string[] = [];
    await this.run(address, async (context) => {
      const responses = await context.sendActivities(replies.map(toActivity));
      ids.push(...responses.map((r) => r?.id ?? ''));
    });
    return ids;
  }

  async updateCard(address: ConversationAddress, activityId: string, card: AdaptiveCard): Promise<void> {
    await this.run(address, async (context) => {
      await context.updateActivity({ id: activityId, type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
    });
  }

  private async run(address: ConversationAddress, logic: (context: import('botbuilder').TurnContext) => Promise<void>): Promise<void> {
    // The adapter hands errors thrown inside the logic to onTurnError; capture them to report delivery.
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(this.appId, address.reference as Partial<ConversationReference>, async (context) => {
        try {
          await logic(context);
        } catch (e) {
          failure = e;
        }
      });
    } catch (e) {
      failure = e;
    }
    if (failure) throw toDeliveryError(failure);
  }
}

function toDeliveryError(e: unknown): DeliveryError {
  const err = e as { statusCode?: number; code?: string; message?: string; response?: { headers?: { get?(n: string): string | undefined } } };
  const status = err.statusCode;
  const text = `${err.code ?? ''} ${err.message ?? ''}`;
  if (status === 403 || /MessageWritesBlocked|BotDisabledByAdmin|BotNotInConversationRoster/i.test(text)) return new DeliveryError('blocked', 'The user blocked or uninstalled the bot');
  if (status === 404 || /ConversationNotFound/i.test(text)) return new DeliveryError('not_found', 'Conversation not found');
  if (status === 429) {
    const retryAfter = Number(err.response?.headers?.get?.('retry-after'));
    return new DeliveryError('throttled', 'Throttled by the channel', Number.isFinite(retryAfter) ? retryAfter : undefined);
  }
  return new DeliveryError('failed', `Delivery failed${status ? ` (${status})` : ''}`);
}

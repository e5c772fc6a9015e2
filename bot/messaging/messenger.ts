import type { AdaptiveCard, Reply } from '../domain/reply';

/**
 * Where a conversation lives, as the host recorded it from an incoming activity. Opaque to the domain:
 * only the host knows its shape (a Bot Framework ConversationReference today).
 */
export interface ConversationAddress {
  conversationId: string;
  /** Host-specific reference, stored as JSON. */
  reference: Record<string, unknown>;
}

export type DeliveryFailure = 'blocked' | 'not_found' | 'throttled' | 'failed';

export class DeliveryError extends Error {
  constructor(
    readonly reason: DeliveryFailure,
    message: string,
    /** Seconds the channel asked us to wait (429 Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Proactive messaging port: send to, or update a card in, a conversation outside the current turn. */
export interface Messenger {
  /** Returns the ids of the activities created, in order. Rejects with DeliveryError. */
  send(address: ConversationAddress, replies: Reply[]): Promise<string[]>;
  updateCard(address: ConversationAddress, activityId: string, card: AdaptiveCard): Promise<void>;
}

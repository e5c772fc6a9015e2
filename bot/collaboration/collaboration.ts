import type { ConversationAddress } from '../messaging/messenger';
import type { Dispatcher } from '../outbox/dispatcher';
import type { Outbox } from '../outbox/outbox';
import type { OfferBackend } from '../offers/offerBackend';

/** Builds addresses of Teams channel conversations; only the host knows an address's shape. */
export interface ChannelAddressing {
  /** A channel (posting there starts a new thread); `base` is any known address, for its service URL. */
  channel(base: ConversationAddress, teamId: string, channelId: string, tenantId: string): ConversationAddress;
  /** Replies in the thread whose first message has id `rootActivityId`. */
  thread(channel: ConversationAddress, rootActivityId: string): ConversationAddress;
}

export interface HelpdeskSettings {
  enabled: boolean;
  teamId: string;
  channelId: string;
  /** The tenant the helpdesk team belongs to. */
  tenantId: string;
  transcriptSize: number;
}

/** Everything partners, offers and the helpdesk need beyond the flow services. Wired once by the app. */
export interface Collaboration {
  outbox: Outbox;
  dispatcher: Dispatcher;
  channels: ChannelAddressing;
  helpdesk: HelpdeskSettings;
  offerTtlHours: number;
  /** Where an accepted offer is carried out; undefined when the billing backend has no such calls. */
  offerBackend?: OfferBackend;
}

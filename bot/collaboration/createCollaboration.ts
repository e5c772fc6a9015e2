import type { FlowServices } from '../flows/services';
import { onTicketPostSettled, postTicket, relayMessage, updateTicket, userNotice, RELAY_KIND, TICKET_POST_KIND, TICKET_UPDATE_KIND, USER_NOTICE_KIND } from '../handoff/handoffDelivery';
import { isOfferBackend } from '../offers/offerBackend';
import { deliverOffer, OFFER_DELIVER_KIND } from '../offers/offerFlows';
import { Dispatcher, type DeliveryHandler, type DispatcherObserver } from '../outbox/dispatcher';
import { Outbox } from '../outbox/outbox';
import { deliverPartnerNotice, NOTIFY_KIND, onPartnerNoticeSettled, refreshAdminResult, REFRESH_KIND } from '../partners/notifyPartners';
import { seedRegistration, type PartnerRegistration } from '../partners/partnerRegistry';
import type { ChannelAddressing, Collaboration } from './collaboration';
import type { CollaborationConfig } from './collaborationConfig';

/**
 * Wires partners, offers and the helpdesk onto the flow services: the outbox, its dispatcher with
 * one handler per kind of proactive message, and the settings. The caller starts the dispatcher.
 */
export async function createCollaboration(
  services: FlowServices,
  config: CollaborationConfig,
  channels: ChannelAddressing,
  demoRegistrations: PartnerRegistration[] = [],
  observer?: DispatcherObserver,
): Promise<Collaboration> {
  const outbox = new Outbox(services.store, services.now);
  const on = (deliver: (s: FlowServices, r: Parameters<DeliveryHandler>[0]) => ReturnType<DeliveryHandler>): DeliveryHandler => (record) => deliver(services, record);
  const dispatcher = new Dispatcher(
    outbox,
    {
      [NOTIFY_KIND]: on(deliverPartnerNotice),
      [REFRESH_KIND]: on(refreshAdminResult),
      [TICKET_POST_KIND]: on(postTicket),
      [TICKET_UPDATE_KIND]: on(updateTicket),
      [RELAY_KIND]: on(relayMessage),
      [USER_NOTICE_KIND]: on(userNotice),
      [OFFER_DELIVER_KIND]: on(deliverOffer),
    },
    {
      retryBaseMs: config.OUTBOX_RETRY_BASE_MS,
      retryMaxMs: config.OUTBOX_RETRY_MAX_MS,
      maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
      pollMs: config.OUTBOX_POLL_MS,
      leaseMs: config.OUTBOX_LEASE_MS,
      observer,
    },
    services.log,
    services.now,
    [(record, context) => onPartnerNoticeSettled(services, record, context), (record) => onTicketPostSettled(services, record)],
  );
  for (const r of demoRegistrations) await seedRegistration(services.store, r);
  return {
    outbox,
    dispatcher,
    channels,
    helpdesk: {
      enabled: config.HELPDESK_ENABLED,
      teamId: config.HELPDESK_TEAM_ID,
      channelId: config.HELPDESK_CHANNEL_ID,
      tenantId: config.HELPDESK_TENANT_ID,
      transcriptSize: config.HANDOFF_TRANSCRIPT_SIZE,
    },
    offerTtlHours: config.OFFER_TTL_HOURS,
    offerBackend: isOfferBackend(services.billing) ? services.billing : undefined,
  };
}

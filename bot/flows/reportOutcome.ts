import { resultCard } from '../cards/resultCard';
import { conversationAddress, personalAddress } from '../messaging/conversationDirectory';
import { DeliveryError, type ConversationAddress } from '../messaging/messenger';
import type { ChangeDraft } from './draft';
import type { FlowServices } from './services';
import type { Turn } from './turn';

/** A turn for work outside any incoming activity, in the language of the admin who asked for the change. */
export function turnForDraft(services: FlowServices, draft: ChangeDraft): Turn {
  const userId = draft.appliedBy?.userId ?? draft.ownerId;
  return {
    identity: {
      tenantId: draft.tenantId,
      userId,
      userName: draft.appliedBy?.name ?? '',
      conversationId: draft.card?.conversationId ?? '',
      replyToId: draft.card?.activityId,
    },
    language: draft.language,
    t: services.localizer.t(draft.language),
    services,
  };
}

/**
 * Tells the admin how a change that finished outside its turn ended: the confirmation card is updated in
 * place when its activity id is known, else a new message goes to that conversation (or the admin's
 * personal chat). Returns false when there was nowhere to write (the outcome stays in the draft and the audit).
 */
export async function reportOutcome(services: FlowServices, draft: ChangeDraft, footer: string[] = []): Promise<boolean> {
  const card = resultCard(turnForDraft(services, draft), draft, footer);
  const address = await addressFor(services, draft);
  if (!address) {
    services.log.warn({ draftId: draft.id, tenantId: draft.tenantId }, 'no conversation to report the outcome of a change to');
    return false;
  }
  const activityId = draft.card?.conversationId === address.conversationId ? draft.card.activityId : undefined;
  if (activityId) {
    try {
      await services.messenger.updateCard(address, activityId, card);
      return true;
    } catch (e) {
      // Blocked or throttled: a new message would fail the same way. Gone or failed: try a new message.
      if (!(e instanceof DeliveryError) || e.reason === 'blocked' || e.reason === 'throttled') throw e;
      services.log.warn({ draftId: draft.id, reason: e.reason }, 'card update failed; sending the outcome as a new message');
    }
  }
  await services.messenger.send(address, [{ kind: 'card', card }]);
  return true;
}

async function addressFor(services: FlowServices, draft: ChangeDraft): Promise<ConversationAddress | undefined> {
  if (draft.card?.conversationId) {
    const address = await conversationAddress(services.store, draft.card.conversationId);
    if (address) return address;
  }
  return personalAddress(services.store, draft.tenantId, draft.appliedBy?.userId ?? draft.ownerId);
}

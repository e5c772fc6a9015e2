import type { ConversationReference } from 'botbuilder';
import type { ChannelAddressing } from '../collaboration/collaboration';
import type { ConversationAddress } from '../messaging/messenger';

/**
 * Teams channel addresses as Bot Framework conversation references. Sending to a channel's id
 * starts a new thread (its first message's id is returned); "<channel id>;messageid=<id>" is
 * that thread, where replies go and from where the agents' replies come in.
 */
export const teamsChannelAddressing: ChannelAddressing = {
  // The team id is not needed to post with Bot Framework (the channel id names the conversation).
  channel(base: ConversationAddress, _teamId: string, channelId: string, tenantId: string): ConversationAddress {
    const ref = base.reference as Partial<ConversationReference>;
    const reference: Partial<ConversationReference> = {
      channelId: ref.channelId ?? 'msteams',
      serviceUrl: ref.serviceUrl,
      bot: ref.bot,
      conversation: { id: channelId, isGroup: true, conversationType: 'channel', tenantId, name: '' },
    };
    return { conversationId: channelId, reference: reference as Record<string, unknown> };
  },
  thread(channel: ConversationAddress, rootActivityId: string): ConversationAddress {
    const ref = channel.reference as Partial<ConversationReference>;
    const id = `${channel.conversationId};messageid=${rootActivityId}`;
    return { conversationId: id, reference: { ...ref, conversation: { ...ref.conversation!, id } } as Record<string, unknown> };
  },
};

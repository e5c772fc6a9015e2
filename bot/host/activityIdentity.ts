import type { Activity } from 'botbuilder';
import type { TurnIdentity } from '../flows/turn';

/**
 * Who and where, from the activity Teams sent: tenant from channelData (the JWT carries no user tenant),
 * user from the Entra object id. Undefined when the activity lacks them (not from Teams).
 */
export function identityOf(activity: Partial<Activity>): TurnIdentity | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const tenantId = typeof channelData?.tenant?.id === 'string' ? channelData.tenant.id : activity.conversation?.tenantId;
  const userId = activity.from?.aadObjectId;
  const conversationId = activity.conversation?.id;
  if (!tenantId || !userId || !conversationId || tenantId.length > 100 || userId.length > 100) return undefined;
  return {
    tenantId,
    userId,
    userName: (activity.from?.name ?? '').slice(0, 200),
    conversationId,
    locale: typeof activity.locale === 'string' ? activity.locale.slice(0, 20) : undefined,
    activityId: typeof activity.id === 'string' ? activity.id.slice(0, 200) : undefined,
    replyToId: typeof activity.replyToId === 'string' ? activity.replyToId.slice(0, 200) : undefined,
    conversationType: typeof activity.conversation?.conversationType === 'string' ? activity.conversation.conversationType : undefined,
  };
}

import { randomUUID } from 'node:crypto';

export interface TeamsUser {
  tenantId: string;
  aadObjectId: string;
  name: string;
  conversationId?: string;
  locale?: string;
}

const BOT = { id: '28:partner-bot', name: 'Partner bot' };

/** What every activity from a Teams user carries; `conversation` overrides the personal chat. */
export function activityBase(user: TeamsUser, serviceUrl: string, conversation?: Record<string, unknown>) {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
    recipient: BOT,
    conversation: conversation ?? { id: user.conversationId ?? `a:personal-${user.aadObjectId}`, conversationType: 'personal', tenantId: user.tenantId },
    channelData: { tenant: { id: user.tenantId } },
    locale: user.locale,
  };
}

/** A personal-chat message as Teams posts it. */
export function message(user: TeamsUser, serviceUrl: string, text: string, extra: Record<string, unknown> = {}) {
  return { ...activityBase(user, serviceUrl), type: 'message', text, textFormat: 'plain', ...extra };
}

/** The invoke Teams sends for an Action.Execute click (Universal Actions). */
export function cardAction(user: TeamsUser, serviceUrl: string, verb: string, data: Record<string, unknown>, replyToId = 'card-1') {
  return {
    ...activityBase(user, serviceUrl),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    value: { action: { type: 'Action.Execute', verb, data: { verb, ...data } }, trigger: 'manual' },
  };
}

export function botInstalled(user: TeamsUser, serviceUrl: string) {
  return { ...activityBase(user, serviceUrl), type: 'conversationUpdate', membersAdded: [BOT, { id: `29:${user.aadObjectId}` }] };
}

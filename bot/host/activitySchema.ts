import { z } from 'zod';

/**
 * Shape of an inbound activity, checked before authentication and before any bot code: the fields the
 * host relies on must have the right type and a sane size; everything else passes through untouched.
 */
const id = z.string().max(256);
const account = z.looseObject({ id, name: z.string().max(1024).nullish(), aadObjectId: z.string().max(128).nullish() });

export const inboundActivitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: id.nullish(),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
  timestamp: z.string().max(64).nullish(),
  localTimestamp: z.string().max(64).nullish(),
  from: account,
  recipient: account,
  conversation: z.looseObject({ id: z.string().min(1).max(1024), conversationType: z.string().max(64).nullish(), tenantId: z.string().max(128).nullish() }),
  channelData: z.looseObject({ tenant: z.looseObject({ id: z.string().max(128).nullish() }).nullish() }).nullish(),
  text: z.string().max(28_000).nullish(),
  locale: z.string().max(64).nullish(),
  replyToId: id.nullish(),
  name: z.string().max(256).nullish(),
  membersAdded: z.array(account).max(1000).nullish(),
  membersRemoved: z.array(account).max(1000).nullish(),
});

/**
 * Action.Execute payload: botbuilder reads `value.action.type` without checking that `action` exists
 * (a TypeError, hence a 500), so the shape is checked here first.
 */
export const adaptiveCardActionSchema = z.looseObject({
  action: z.looseObject({ type: z.string().max(64), verb: z.string().max(256).nullish(), data: z.unknown() }),
});

export type InboundActivity = z.infer<typeof inboundActivitySchema>;

/** Deepest nesting accepted in a body; real Teams activities and card data stay far below. */
export const MAX_JSON_DEPTH = 32;

/** Nesting depth of parsed JSON, iteratively (a recursive walk would itself overflow on hostile input). */
export function jsonDepthExceeds(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

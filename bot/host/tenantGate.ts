import type { InboundActivity } from './activitySchema';

/** Every tenant id the activity names (channelData and conversation), lower-cased. */
function tenantsOf(activity: InboundActivity): Set<string> {
  const ids = [activity.channelData?.tenant?.id, activity.conversation.tenantId].filter((t): t is string => typeof t === 'string' && t !== '');
  return new Set(ids.map((t) => t.toLowerCase()));
}

/**
 * Tenant allow-list, checked before any bot logic. Empty list = every tenant. With a list, the activity
 * must name exactly one tenant (channelData and conversation agree) and that tenant must be listed.
 */
export function tenantAllowed(allowed: readonly string[], activity: InboundActivity): boolean {
  if (allowed.length === 0) return true;
  const tenants = tenantsOf(activity);
  if (tenants.size !== 1) return false;
  return allowed.includes([...tenants][0]!);
}

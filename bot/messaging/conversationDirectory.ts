import { updateRecord, type Store } from '../storage/store';
import type { ConversationAddress } from './messenger';

/** Personal-chat addresses per user, and every address by conversation id; kept durably for proactive sends. */
const byUser = (tenantId: string, userId: string) => `address:user:${tenantId}:${userId}`;
const byConversation = (conversationId: string) => `address:conversation:${conversationId}`;

interface StoredAddress extends ConversationAddress {
  updatedAt: string;
}

/** Records the address when it is new or moved (serviceUrl changes are rare: avoid a write per turn). */
export async function rememberAddress(
  store: Store,
  who: { tenantId: string; userId: string; personal: boolean },
  address: ConversationAddress,
  now: Date,
): Promise<void> {
  const same = (a?: StoredAddress) => a && sameAsJson(a.reference, address.reference);
  const write = (current?: StoredAddress) => (same(current) ? undefined : { ...address, updatedAt: now.toISOString() });
  await updateRecord<StoredAddress>(store, byConversation(address.conversationId), write);
  if (who.personal) await updateRecord<StoredAddress>(store, byUser(who.tenantId, who.userId), write);
}

/**
 * Whether two values would be written as the same JSON (members that are undefined are left out, as
 * JSON.stringify leaves them; key order aside): two serializations per turn, without making them.
 */
export function sameAsJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let defined = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    defined++;
    if (!Object.hasOwn(y, k) || !sameAsJson(x[k], y[k])) return false;
  }
  for (const k in y) if (y[k] !== undefined) defined--;
  return defined === 0;
}

export async function personalAddress(store: Store, tenantId: string, userId: string): Promise<ConversationAddress | undefined> {
  return (await store.get<StoredAddress>(byUser(tenantId, userId)))?.value;
}

export async function conversationAddress(store: Store, conversationId: string): Promise<ConversationAddress | undefined> {
  return (await store.get<StoredAddress>(byConversation(conversationId)))?.value;
}

/** Users of a tenant the bot can write to in personal chat (e.g. to find the admins to offer something to). */
export async function personalAddressesOfTenant(store: Store, tenantId: string): Promise<{ userId: string; address: ConversationAddress }[]> {
  const prefix = byUser(tenantId, '');
  return (await store.list<StoredAddress>(prefix)).map((i) => ({ userId: i.key.slice(prefix.length), address: i.value }));
}

import type { Language } from '../i18n/i18n';
import type { PreviousRequest } from '../nlu/intents';
import { updateRecord, type Store } from '../storage/store';

/** What the bot remembers about a user between turns. Small and bounded by design. */
export interface UserProfile {
  /** Chosen explicitly ("svara på svenska"): wins over the Teams locale. */
  preferredLanguage?: Language;
  /** The language of the user's last clear message: used when an activity carries no locale. */
  lastLanguage?: Language;
  /** The last request the bot acted on, so "and on E3 too" can be read against it. */
  lastRequest?: RememberedRequest;
  updatedAt: string;
}

export interface RememberedRequest {
  request: PreviousRequest;
  /** A follow-up continues a request made in the same chat only. */
  conversationId: string;
  at: string;
}

/** How long a request can be continued: a follow-up comes within minutes, not the next morning. */
export const REQUEST_MEMORY_MS = 30 * 60_000;
/** The same request is written again only this often (to keep it recent), not on every turn. */
const REFRESH_MS = 5 * 60_000;

const key = (tenantId: string, userId: string) => `profile:${tenantId}:${userId}`;

export async function loadProfile(store: Store, tenantId: string, userId: string): Promise<UserProfile | undefined> {
  return (await store.get<UserProfile>(key(tenantId, userId)))?.value;
}

/** The request a message in `conversationId` may continue, if it is recent enough. */
export function recentRequest(profile: UserProfile | undefined, conversationId: string, now: Date): PreviousRequest | undefined {
  const last = profile?.lastRequest;
  if (!last || last.conversationId !== conversationId) return undefined;
  return now.getTime() - Date.parse(last.at) <= REQUEST_MEMORY_MS ? last.request : undefined;
}

export type ProfileChange = { preferredLanguage?: Language; lastLanguage?: Language; lastRequest?: RememberedRequest };

function changesRequest(current: RememberedRequest | undefined, next: RememberedRequest): boolean {
  if (!current || current.conversationId !== next.conversationId) return true;
  if (JSON.stringify(current.request) !== JSON.stringify(next.request)) return true;
  return Date.parse(next.at) - Date.parse(current.at) >= REFRESH_MS;
}

/** Whether `change` would alter what `profile` holds (a missing profile is altered by any change). */
export function changesProfile(profile: UserProfile | undefined, change: ProfileChange): boolean {
  return (
    (change.preferredLanguage !== undefined && change.preferredLanguage !== profile?.preferredLanguage) ||
    (change.lastLanguage !== undefined && change.lastLanguage !== profile?.lastLanguage) ||
    (change.lastRequest !== undefined && changesRequest(profile?.lastRequest, change.lastRequest))
  );
}

export async function saveProfile(store: Store, tenantId: string, userId: string, change: ProfileChange, now: Date): Promise<void> {
  await updateRecord<UserProfile>(store, key(tenantId, userId), (current) =>
    // Unchanged (a concurrent turn may have saved the same): skip the write.
    current && !changesProfile(current, change) ? undefined : { ...current, ...change, updatedAt: now.toISOString() },
  );
}

import type { Language } from '../i18n/i18n';
import { updateRecord, type Store } from '../storage/store';

/** What the bot remembers about a user between turns. Small and bounded by design. */
export interface UserProfile {
  /** Chosen explicitly ("svara på svenska"): wins over the Teams locale. */
  preferredLanguage?: Language;
  /** The language of the user's last clear message: used when an activity carries no locale. */
  lastLanguage?: Language;
  updatedAt: string;
}

const key = (tenantId: string, userId: string) => `profile:${tenantId}:${userId}`;

export async function loadProfile(store: Store, tenantId: string, userId: string): Promise<UserProfile | undefined> {
  return (await store.get<UserProfile>(key(tenantId, userId)))?.value;
}

export async function saveLanguage(
  store: Store,
  tenantId: string,
  userId: string,
  change: { preferredLanguage?: Language; lastLanguage?: Language },
  now: Date,
): Promise<void> {
  await updateRecord<UserProfile>(store, key(tenantId, userId), (current) => {
    const next = { ...current, ...change };
    if (current && next.preferredLanguage === current.preferredLanguage && next.lastLanguage === current.lastLanguage) {
      return undefined; // unchanged: skip the write
    }
    return { ...next, updatedAt: now.toISOString() };
  });
}

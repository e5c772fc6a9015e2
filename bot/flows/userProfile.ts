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

export type LanguageChange = { preferredLanguage?: Language; lastLanguage?: Language };

/** Whether `change` would alter what `profile` holds (a missing profile is always altered). */
export function changesLanguage(profile: UserProfile | undefined, change: LanguageChange): boolean {
  if (!profile) return change.preferredLanguage !== undefined || change.lastLanguage !== undefined;
  return (
    (change.preferredLanguage !== undefined && change.preferredLanguage !== profile.preferredLanguage) ||
    (change.lastLanguage !== undefined && change.lastLanguage !== profile.lastLanguage)
  );
}

export async function saveLanguage(
  store: Store,
  tenantId: string,
  userId: string,
  change: LanguageChange,
  now: Date,
): Promise<void> {
  await updateRecord<UserProfile>(store, key(tenantId, userId), (current) =>
    // Unchanged (a concurrent turn may have saved the same): skip the write.
    current && !changesLanguage(current, change) ? undefined : { ...current, ...change, updatedAt: now.toISOString() },
  );
}

import { chooseLanguage } from '../flows/language';
import type { FlowServices } from '../flows/services';
import type { Turn } from '../flows/turn';
import { loadProfile } from '../flows/userProfile';
import { isLanguage, type Language } from '../i18n/i18n';

export interface StoredUser {
  tenantId: string;
  userId: string;
  name?: string;
  /** Language known when the record was made (e.g. at registration), used when the profile has none. */
  language?: Language;
}

/**
 * A turn for someone who is not talking to the bot right now (proactive messages): their stored
 * language (explicit choice, then the language they last wrote in), never the sender's.
 */
export async function turnForUser(services: FlowServices, user: StoredUser, conversationId = ''): Promise<Turn> {
  const profile = await loadProfile(services.store, user.tenantId, user.userId);
  const fallback = user.language && isLanguage(user.language) ? user.language : services.defaultLanguage;
  const language = profile?.preferredLanguage ?? profile?.lastLanguage ?? chooseLanguage({ profile, fallback });
  return {
    identity: { tenantId: user.tenantId, userId: user.userId, userName: user.name ?? '', conversationId },
    language,
    t: services.localizer.t(language),
    services,
  };
}

/** "2025-01-31 14:05 UTC": the same short form the result card uses. */
export function shortUtc(iso: string): string {
  return new Date(iso).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function requireCollaboration(services: FlowServices) {
  const c = services.collaboration;
  if (!c) throw new Error('Collaboration features are not wired (createApp sets them)');
  return c;
}

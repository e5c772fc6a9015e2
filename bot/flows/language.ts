import { languageFromLocale, type Language } from '../i18n/i18n';
import type { UserProfile } from './userProfile';

/**
 * The reply language: the request's own language when clear, then an explicit choice, then the
 * Teams locale, then the language the user last wrote in (install events often carry no locale).
 */
export function chooseLanguage(input: {
  requestLanguage?: Language;
  profile?: UserProfile;
  locale?: string;
  fallback: Language;
}): Language {
  return (
    input.requestLanguage ??
    input.profile?.preferredLanguage ??
    languageFromLocale(input.locale) ??
    input.profile?.lastLanguage ??
    input.fallback
  );
}

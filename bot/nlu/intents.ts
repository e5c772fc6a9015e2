import type { Language } from '../i18n/i18n';

export const INTENTS = [
  'view_partners',
  'add_partner',
  'change_partner',
  'remove_partner',
  'remove_reseller',
  'add_at_purchase',
  'help',
  'handoff',
  'unknown',
] as const;
export type Intent = (typeof INTENTS)[number];

/** A subscription the parser may match names against (the tenant's own subscriptions). */
export interface SubscriptionCatalogEntry {
  id: string;
  name: string;
  skuPartNumber: string;
}

export interface ParsedRequest {
  intent: Intent;
  /** Digits only, when the text carries a Partner ID ("4391507", "MPN ID 439 1507"). */
  partnerId?: string;
  /** Ids of the catalog entries the text names; every id when the text says "all subscriptions". */
  subscriptionIds: string[];
  /** The language the text is written in, when it is clear; undefined for "1234567" alone. */
  language?: Language;
  /** Set when the admin asks for replies in a language ("svara på svenska", "in English please"). */
  switchLanguage?: Language;
}

export type RequestParser = (text: string, catalog: SubscriptionCatalogEntry[]) => ParsedRequest;

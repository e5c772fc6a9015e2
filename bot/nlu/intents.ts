import type { Language } from '../i18n/i18n';
import type { RankedIntent } from './intentModel';
import type { KnownPartner, NamedPartner } from './partnerNames';

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

/** What the parser knows of the tenant while reading: its subscriptions and the partners it knows by name. */
export interface ParseContext {
  catalog: readonly SubscriptionCatalogEntry[];
  partners: readonly KnownPartner[];
  /** The conversation's last request, when recent: "and on the trial too" is read against it. */
  previous?: PreviousRequest;
}

/** What the admin asked for last in this conversation, as the parser read it. */
export interface PreviousRequest {
  intent: Intent;
  partnerId?: string;
  partnerName?: string;
  subscriptionIds: string[];
  language?: Language;
}

/** What the text says, before it is read against the tenant's state (bot/conversation). */
export interface ParsedRequest {
  /** The classifier's best intent. */
  intent: Intent;
  /** Its score, 0..1. */
  confidence: number;
  /** Every intent, best first; the scores add up to 1 at most. */
  ranked: RankedIntent[];
  /** Digits only, when the text carries a Partner ID ("4391507", "MPN ID 439 1507"): the new one when there are two. */
  partnerId?: string;
  /** What the tenant knows `partnerId` as: "remove 5558001" names the reseller by its ID. */
  partnerIdKind?: 'reseller' | 'advisor';
  /** The other IDs in the text: "from 4391507 to 1234567" has 4391507 here. */
  otherPartnerIds: string[];
  /** Companies the text names ("Tailspin", "Northwind"), known to the tenant or not. */
  partnerNames: NamedPartner[];
  /** Ids of the catalog entries the text names; every id when the text says "all subscriptions". */
  subscriptionIds: string[];
  /** The language the text is written in, when it is clear; undefined for "1234567" alone. */
  language?: Language;
  /** Set when the admin asks for replies in a language ("svara på svenska", "in English please"). */
  switchLanguage?: Language;
  /** Set when the text continues the previous request rather than making one of its own. */
  followUp?: 'confirm' | 'also' | 'instead' | 'fill';
  /** Set when the text only thanks the bot ("thanks!", "tack så mycket", "merci beaucoup", "bedankt"). */
  thanks?: true;
}

export type RequestParser = (text: string, context: ParseContext) => ParsedRequest;

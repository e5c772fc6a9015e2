import { readFileSync } from 'node:fs';
import { isLanguage, type Language } from '../../i18n/i18n';
import { INTENTS, type Intent } from '../intents';

/**
 * Labelled utterances, one per line (docs/nlu-labelling.md). Two formats, told apart by the field count:
 *   v1 (6 fields): lang | intent | partnerId | subscriptions | switch | text
 *   v2 (7 fields): lang | intent | partnerId | subscriptions | switch | partnerName | text
 *   v3 (8 fields, follow-up sets): lang | intent | partnerId | subscriptions | switch | partnerName | previous | text
 * Subscriptions are demo keys (bp, e3, e5, exo, te), `all` or `-`; mapping them to ids is the caller's.
 */
export interface LabelledUtterance {
  file: string;
  line: number;
  text: string;
  language?: Language;
  intent: Intent;
  partnerId?: string;
  subscriptionKeys: string[];
  switchLanguage?: Language;
  partnerName?: string;
  /** Follow-up sets only: the admin's message just before this one, in the same conversation. */
  previous?: string;
}

export const SUBSCRIPTION_KEYS = ['bp', 'e3', 'e5', 'exo', 'te', 'all'] as const;

export function parseLabelledLine(raw: string, file: string, line: number): LabelledUtterance | undefined {
  if (raw.trim() === '' || raw.startsWith('#')) return undefined;
  const parts = raw.split(' | ');
  // Texts never contain " | " (the guide forbids it), so the count tells the format.
  // v3 (follow-up pairs) adds the previous message before the text.
  const v3 = parts.length === 8;
  const v2 = parts.length === 7 || v3;
  const fieldCount = v3 ? 7 : v2 ? 6 : 5;
  if (parts.length < fieldCount + 1) throw new Error(`${file}:${line}: expected ${fieldCount + 1} fields, got ${parts.length}`);
  const [lang, intent, id, subs, sw] = parts.map((p) => p.trim());
  const name = v2 ? parts[5]!.trim() : '-';
  const text = parts.slice(fieldCount).join(' | ');
  if (!(INTENTS as readonly string[]).includes(intent!)) throw new Error(`${file}:${line}: unknown intent ${intent}`);
  if (id !== '-' && !/^\d{4,12}$/.test(id!)) throw new Error(`${file}:${line}: partnerId ${id}`);
  const subscriptionKeys = subs === '-' ? [] : subs!.split(',').map((k) => k.trim());
  for (const key of subscriptionKeys) {
    if (!(SUBSCRIPTION_KEYS as readonly string[]).includes(key)) throw new Error(`${file}:${line}: subscription ${key}`);
  }
  return {
    file,
    line,
    text,
    language: isLanguage(lang) ? lang : undefined,
    intent: intent as Intent,
    partnerId: id === '-' ? undefined : id,
    subscriptionKeys,
    switchLanguage: isLanguage(sw) ? sw : undefined,
    partnerName: name === '-' ? undefined : name,
    ...(v3 ? { previous: parts[6]!.trim() } : {}),
  };
}

export function loadLabelledFile(path: string): LabelledUtterance[] {
  const out: LabelledUtterance[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const u = parseLabelledLine(raw.replace(/\r$/, ''), path, i + 1);
      if (u) out.push(u);
    });
  return out;
}

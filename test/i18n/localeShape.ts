/**
 * Compares a translated locale with the English one and lists every difference a user would notice:
 * missing or extra keys, wrong plural forms, arrays of another length, placeholders that differ,
 * empty strings and English text copied unchanged. Kept apart from the test so the checker itself
 * can be tested on a broken locale.
 */

export type LocaleTree = { [key: string]: string | string[] | LocaleTree };
type Leaf = string | string[];

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;
/** Strings whose English form is also correct in the other languages (names, symbols). */
export const SAME_AS_ENGLISH_ALLOWED = new Set<string>([]);
/** Shorter strings (letters only, placeholders removed) may equal English: "Partner", "ISV", "OEM". */
const COPY_MIN_LETTERS = 12;

export function flatten(tree: LocaleTree, prefix = ''): Map<string, Leaf> {
  const out = new Map<string, Leaf>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string' || Array.isArray(v)) out.set(key, v);
    else if (v && typeof v === 'object') for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
    else out.set(key, v as never);
  }
  return out;
}

/** Plural keys grouped by base ("partners.subtitle" → {one, other}); other keys under themselves. */
function group(flat: Map<string, Leaf>): { plain: Set<string>; plural: Map<string, Set<string>> } {
  const plain = new Set<string>();
  const plural = new Map<string, Set<string>>();
  for (const key of flat.keys()) {
    const m = PLURAL_SUFFIX.exec(key);
    if (!m) { plain.add(key); continue; }
    const base = key.slice(0, m.index);
    if (!plural.has(base)) plural.set(base, new Set());
    plural.get(base)!.add(m[1]);
  }
  return { plain, plural };
}

export function placeholders(s: string): string[] {
  return [...new Set([...s.matchAll(PLACEHOLDER)].map((m) => m[1]))].sort();
}

function letters(s: string): number {
  return (s.replace(PLACEHOLDER, '').match(/\p{L}/gu) ?? []).length;
}

/** The plural categories i18next asks for in this language (it uses Intl.PluralRules). */
export function pluralCategories(language: string): string[] {
  return [...new Intl.PluralRules(language).resolvedOptions().pluralCategories].sort();
}

function checkString(where: string, value: unknown, english: string | undefined, language: string): string[] {
  if (typeof value !== 'string') return [`${where}: not a string`];
  const problems: string[] = [];
  if (value.trim() === '') problems.push(`${where}: empty`);
  if ((value.match(/\{\{/g) ?? []).length !== (value.match(/\}\}/g) ?? []).length || value.replace(PLACEHOLDER, '').includes('{{')) {
    problems.push(`${where}: malformed placeholder in "${value}"`);
  }
  if (english !== undefined) {
    const want = placeholders(english).join(', ');
    const got = placeholders(value).join(', ');
    if (want !== got) problems.push(`${where}: placeholders [${got}] but English has [${want}]`);
    if (language !== 'en' && value === english && letters(value) > COPY_MIN_LETTERS && !SAME_AS_ENGLISH_ALLOWED.has(value)) {
      problems.push(`${where}: identical to English ("${value}")`);
    }
  }
  return problems;
}

/** Every problem of `locale` (language `language`) measured against `english`; empty when fine. */
export function compareLocale(english: LocaleTree, locale: LocaleTree, language: string): string[] {
  const en = flatten(english);
  const tr = flatten(locale);
  const enG = group(en);
  const trG = group(tr);
  const problems: string[] = [];

  for (const key of enG.plain) if (!trG.plain.has(key)) problems.push(`${key}: missing`);
  for (const key of trG.plain) if (!enG.plain.has(key)) problems.push(`${key}: not in English (extra key)`);

  const wanted = pluralCategories(language).join(', ');
  for (const base of enG.plural.keys()) if (!trG.plural.has(base)) problems.push(`${base}_*: plural key missing`);
  for (const [base, forms] of trG.plural) {
    if (!enG.plural.has(base)) { problems.push(`${base}_*: plural key not in English (extra key)`); continue; }
    const got = [...forms].sort().join(', ');
    if (got !== wanted) problems.push(`${base}: plural forms [${got}] but ${language} needs [${wanted}]`);
  }

  for (const [key, value] of tr) {
    const m = PLURAL_SUFFIX.exec(key);
    // A plural form is measured against the same English form, else English "_other".
    const enValue = en.get(key) ?? (m ? en.get(`${key.slice(0, m.index)}_other`) : undefined);
    if (enValue === undefined) continue;
    if (Array.isArray(enValue)) {
      if (!Array.isArray(value)) { problems.push(`${key}: must be a list like in English`); continue; }
      if (value.length !== enValue.length) problems.push(`${key}: ${value.length} items but English has ${enValue.length}`);
      value.forEach((item, i) => problems.push(...checkString(`${key}[${i}]`, item, enValue[i], language)));
    } else {
      if (Array.isArray(value)) { problems.push(`${key}: a list but English is a string`); continue; }
      problems.push(...checkString(key, value, enValue, language));
    }
  }
  return problems;
}

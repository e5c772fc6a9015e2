import type { TFunction } from 'i18next';

/**
 * A translate function that answers the calls the bot makes on every turn without i18next's lookup
 * machinery (a tenth of a busy bot's CPU went to resolving the same keys again and again).
 *
 * Every string in the locale files is split once, at start-up, into text and `{{name}}` placeholders.
 * A call is answered here only when the result is certain to be what i18next would give:
 * - the key names a string in this language's file (no fallback to English needed);
 * - every option is either a placeholder value (string or number) or `count`, whose plural form is
 *   picked with Intl.PluralRules as i18next does, and that plural form exists in this language;
 * - no other i18next option is present (returnObjects, defaultValue, context, lng, …).
 * Anything else goes to i18next unchanged. `test/i18n/compiledTranslate.test.ts` compares both on
 * every key of every language.
 */
type Part = string | { name: string };
type Compiled = Part[];

/** Options that change what i18next does beyond filling placeholders: such calls go to i18next. */
const I18NEXT_OPTIONS = new Set([
  'context', 'defaultValue', 'lng', 'lngs', 'fallbackLng', 'ns', 'keySeparator', 'nsSeparator', 'returnObjects',
  'returnDetails', 'joinArrays', 'postProcess', 'interpolation', 'skipInterpolation', 'replace', 'ordinal',
  'appendNamespaceToMissingKey',
]);

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** "a {{b}} c" → ['a ', {name:'b'}, ' c']; undefined when the string uses anything but plain placeholders. */
export function compileString(text: string): Compiled | undefined {
  if (text.includes('$t(')) return undefined; // nesting
  const parts: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push({ name: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  // Whatever is left with braces is a form we do not handle here ({{- x}}, {{x, number}}, …).
  if (parts.some((p) => typeof p === 'string' && p.includes('{{'))) return undefined;
  return parts;
}

/** Flattens a locale file ("form.checkId" → string); arrays and objects other than nesting are left out. */
export function compileResources(resources: Record<string, unknown>): Map<string, Compiled> {
  const out = new Map<string, Compiled>();
  const walk = (node: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'string') {
        const compiled = compileString(v);
        if (compiled) out.set(prefix + k, compiled);
      } else if (v && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, `${prefix}${k}.`);
    }
  };
  walk(resources, '');
  return out;
}

function fill(parts: Compiled, options: Record<string, unknown> | undefined): string | undefined {
  if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') out += p;
    else {
      const v = options?.[p.name];
      if (typeof v === 'string') out += v;
      else if (typeof v === 'number') out += String(v);
      else return undefined; // missing or an object: i18next's own handling applies
    }
  }
  return out;
}

export function compiledTranslate(language: string, strings: Map<string, Compiled>, i18next: TFunction): TFunction {
  const plural = new Intl.PluralRules(language);
  const call = i18next as unknown as (...a: unknown[]) => unknown;
  const t = (...args: unknown[]): unknown => {
    const [key, options] = args;
    if (typeof key !== 'string' || args.length > 2) return call(...args);
    if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) return call(...args);
    const opts = options as Record<string, unknown> | undefined;
    let lookup = key;
    if (opts) {
      for (const name in opts) if (I18NEXT_OPTIONS.has(name)) return call(...args);
      if ('count' in opts) {
        const count = opts.count;
        // i18next looks up "_zero" for 0 in every language; keep that case with i18next.
        if (typeof count !== 'number' || !Number.isFinite(count) || count === 0) return call(...args);
        lookup = `${key}_${plural.select(count)}`;
      }
    }
    const parts = strings.get(lookup);
    const text = parts && fill(parts, opts);
    return text ?? call(...args);
  };
  return t as unknown as TFunction;
}

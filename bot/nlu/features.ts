import type { Language } from '../i18n/i18n';
import { CLAUSE_BREAK } from './normalize';
import { stem } from './stemmers';
import type { TextAnalysis } from './textAnalysis';

/**
 * The classifier's input: binary features of a message. Words, their stems (nlp.js Snowball
 * stemmers) and letter 4-grams carry the phrasing; word pairs carry what single words cannot ("take over", "get rid",
 * "inte bort"); the deterministic extractors (concepts of the lexicon, negated verbs, Partner IDs,
 * subscriptions, partners named and whether the tenant knows them as reseller or advisor, the
 * old rules' answer) carry what was built by hand, and the model learns how far to trust each.
 */
const DIGITS = /^\d+$/;

export function featuresOf(a: TextAnalysis): string[] {
  const out = new Set<string>();
  const language: Language = a.language ?? 'en';
  // Words of negated verbs are left out ("ta inte bort något, visa bara" is not about removing): n:<concept> says they were there.
  for (const word of a.affirmed) {
    if (word === CLAUSE_BREAK || DIGITS.test(word) || word.startsWith('_')) continue;
    out.add(`w:${word}`);
    out.add(`s:${stem(word, language)}`);
    // Letter 4-grams: a typo or an inflection the stemmer does not know still shares most of them
    // ("verwijdren", "supprimmer"); a point better than words and stems alone in cross-validation.
    const padded = `<${word}>`;
    for (let i = 0; i + 4 <= padded.length; i++) out.add(`g:${padded.slice(i, i + 4)}`);
  }
  let prev = '^';
  for (const word of a.affirmed) {
    if (word === CLAUSE_BREAK) {
      prev = '^';
      continue;
    }
    const token = DIGITS.test(word) ? '#' : word;
    out.add(`b:${prev}_${token}`);
    prev = token;
  }
  for (const c of a.concepts) out.add(`c:${c}`);
  for (const c of a.negated) out.add(`n:${c}`);
  out.add(`r:${a.ruleIntent}`);
  if (a.ids.length > 0) out.add('f:id');
  if (a.ids.length > 1) out.add('f:ids2');
  if (a.subscriptionIds.length > 0) out.add('f:sub');
  if (a.mentionsAll) out.add('f:all');
  if (a.question) out.add('f:question');
  if (a.asks) out.add('f:asks');
  if ((a.question || a.asks) && a.concepts.has('you')) out.add('f:asks_bot');
  if (a.excludedSubscriptions > 0) out.add('f:excluded');
  for (const kind of a.idKinds) out.add(`f:id_${kind}`);
  if (a.partnerCompound) out.add('f:partner_compound');
  if (a.switched) out.add('f:switch');
  if (a.rest.length <= 3) out.add('f:short');
  if (a.rest.length > 20) out.add('f:long');
  for (const name of a.names) {
    out.add('f:name');
    out.add(name.known ? `f:name_${name.known.kind}` : 'f:name_unknown');
    // "Fabrikam out, Adatum in": a company that is not the partner of record now is a new one.
    out.add(name.known?.current ? 'f:name_current' : 'f:name_new');
    if (name.target) out.add('f:name_target');
    if (name.replaced) out.add('f:name_replaced');
  }
  if (a.names.length > 1) out.add('f:names2');
  // "move us off Litware onto Fabrikam": one going, one coming.
  if (a.names.some((n) => n.target) && a.names.some((n) => n.replaced)) out.add('f:names_swap');
  return [...out];
}

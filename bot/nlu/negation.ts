import { CONCEPTS } from './lexicon';
import { CLAUSE_BREAK } from './normalize';

/**
 * Takes negated requests out of the token line before the intent is decided: in "don't remove
 * anything, just show me", "ta inte bort något, visa bara", "ne supprime rien, montre-moi",
 * "niks verwijderen, laat zien" the admin asks to look, not to remove. A verb counts as negated
 * when a negation word sits inside it ("ta inte bort"), right before it ("don't remove", "ne rien
 * supprimer", "niet verwijderen") or right after it ("remove nothing", "supprime rien"), in the
 * same clause ("nothing works, remove the partner" is a request). "can't / kan inte / ne peux
 * pas / kan niet" is not a negation but a problem report ("why can't I delete the reseller?"),
 * so a negation with a modal verb shortly before it in the clause is ignored.
 */

const ACTIONS = (['remove', 'change', 'add', 'successor'] as const).map((name) => new RegExp(CONCEPTS[name].source, 'g'));
const NEGATION = CONCEPTS.negation;
const MODAL = CONCEPTS.modal;
const SPEECH = CONCEPTS.speech;

/**
 * `line` is " word word … " (single spaces, one at each end, CLAUSE_BREAK tokens between clauses);
 * returns it with negated verbs blanked.
 */
export function withoutNegatedActions(line: string): string {
  if (!NEGATION.test(line)) return line;
  let out = line;
  for (const pattern of ACTIONS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
      const start = m.index;
      const end = start + m[0].length;
      if (isNegated(line, start, end)) out = out.slice(0, start) + ' _'.padEnd(end - start, '_') + out.slice(end);
    }
  }
  return out;
}

function isNegated(line: string, start: number, end: number): boolean {
  const all = wordsOf(line);
  const first = wordsOf(line.slice(0, start)).length;
  const last = first + wordsOf(line.slice(start, end)).length; // one past the verb's last word
  for (let i = Math.max(0, first - 1); i <= Math.min(all.length - 1, last); i++) {
    if (all[i] !== CLAUSE_BREAK && isNegation(all, i)) return true;
  }
  return deniedSpeech(all, first);
}

const isNegation = (all: readonly string[], i: number): boolean => NEGATION.test(` ${all[i]} `) && !modalBefore(all, i);

/**
 * "I never said change anything on E3", "jag sa aldrig att vi ska byta", "je n'ai jamais dit de changer",
 * "ik heb nooit gezegd dat er iets moet veranderen": a saying or asking verb with a negation next to it,
 * up to eight words before the action verb in its clause (Dutch puts the verb last), denies the action rather than asks for it.
 */
function deniedSpeech(all: readonly string[], verb: number): boolean {
  for (let j = verb - 1; j >= Math.max(0, verb - SPEECH_REACH) && all[j] !== CLAUSE_BREAK; j--) {
    if (!SPEECH.test(` ${all[j]} `)) continue;
    if ((j > 0 && all[j - 1] !== CLAUSE_BREAK && isNegation(all, j - 1)) || (j + 1 < verb && isNegation(all, j + 1))) return true;
  }
  return false;
}
const SPEECH_REACH = 8;

/** A modal ("can", "kan", "peux") among the four words before token i, in the same clause. */
function modalBefore(all: readonly string[], i: number): boolean {
  for (let j = i - 1; j >= Math.max(0, i - 4) && all[j] !== CLAUSE_BREAK; j--) if (MODAL.test(` ${all[j]} `)) return true;
  return false;
}

function wordsOf(text: string): string[] {
  const trimmed = text.trim();
  return trimmed === '' ? [] : trimmed.split(' ');
}

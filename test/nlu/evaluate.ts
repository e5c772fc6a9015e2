import { join } from 'node:path';
import { SUBS } from '../../bot/demo/demoData';
import { contosoKnowledge } from '../../bot/conversation/demoTenant';
import { decide, isDestructive, THRESHOLDS } from '../../bot/conversation/decide';
import type { Answer } from '../../bot/conversation/messagePipeline';
import { resolveRequest } from '../../bot/conversation/resolveRequest';
import { parseContextOf } from '../../bot/conversation/tenantKnowledge';
import type { Language } from '../../bot/i18n/i18n';
import type { ParseContext, ParsedRequest, RequestParser } from '../../bot/nlu/intents';
import { fold } from '../../bot/nlu/normalize';
import { parseRequest } from '../../bot/nlu/parseRequest';
import { loadLabelledFile, type LabelledUtterance } from '../../bot/nlu/training/labelledFile';

/**
 * Scores the message pipeline's pure part (parse → resolve against Contoso → act or clarify) on a
 * labelled set, the way the bot runs it. Used by `npm run nlu:eval` and the jest thresholds.
 */

export const SETS: Readonly<Record<string, { file: string; about: string }>> = {
  realisticBlind: { file: 'realisticBlindSet.txt', about: 'realistic messages, written before the classifier (issue 17); read since' },
  realisticBlind2: { file: 'realisticBlindSet2.txt', about: 'realistic messages, written before round two (issue 22)' },
  eval: { file: 'evalSet.txt', about: 'short direct requests (the rule parser was built with it in view)' },
  holdout: { file: 'holdoutSet.txt', about: 'short direct requests, round 1 check set' },
  fresh: { file: 'freshSet.txt', about: 'short direct requests, round 2' },
  blind: { file: 'blindSet.txt', about: 'short and medium requests, round 2 blind set' },
  final: { file: 'finalSet.txt', about: 'round 2 final set (realistic, 60)' },
};
/** The sets of short direct requests the first parser was measured on. */
export const SHORT_DIRECT_SETS = ['eval', 'holdout', 'fresh', 'blind', 'final'] as const;

export function loadSet(name: string): LabelledUtterance[] {
  const set = SETS[name];
  if (!set) throw new Error(`no set named ${name}`);
  return loadLabelledFile(join(__dirname, set.file));
}

const SUB_KEYS: Readonly<Record<string, string>> = { bp: SUBS.businessPremium, e3: SUBS.e3, e5: SUBS.e5Trial, exo: SUBS.exchange, te: SUBS.teamsEssentials };

export function expectedSubscriptions(u: LabelledUtterance, context: ParseContext): string[] {
  if (u.subscriptionKeys.includes('all')) return context.catalog.map((c) => c.id);
  return u.subscriptionKeys.map((k) => SUB_KEYS[k]!);
}

export interface Tally {
  right: number;
  total: number;
}
const tally = (): Tally => ({ right: 0, total: 0 });
const add = (t: Tally, ok: boolean): void => {
  t.total++;
  if (ok) t.right++;
};
export const rate = (t: Tally): number => (t.total === 0 ? 1 : t.right / t.total);
export const pct = (t: Tally): string => `${(100 * rate(t)).toFixed(1)}% (${t.right}/${t.total})`;

export interface Outcome {
  utterance: LabelledUtterance;
  parsed: ParsedRequest;
  answer: Answer;
}

export interface Report {
  count: number;
  intent: Tally;
  intentByLanguage: Record<string, Tally>;
  intentByIntent: Record<string, Tally>;
  /** Acted on the right intent, or offered it among the choices. */
  rightActedOrOffered: Tally;
  clarified: Tally;
  /** A change, removal or reseller answer started when the admin wanted something else. */
  destructiveWrong: Tally;
  partnerIdWhenPresent: Tally;
  falsePartnerIds: Tally;
  partnerNameWhenNamed: Tally;
  subscriptions: Tally;
  language: Tally;
  misses: Outcome[];
}

/** The answers of the pipeline for each utterance (parse with Contoso's context, resolve, decide). */
export function run(utterances: readonly LabelledUtterance[], parse: RequestParser = parseRequest, thresholds = THRESHOLDS): Outcome[] {
  const knowledge = contosoKnowledge();
  const context = parseContextOf(knowledge);
  return utterances.map((utterance) => {
    const parsed = parse(utterance.text, context);
    const resolved = resolveRequest(parsed, knowledge);
    return { utterance, parsed, answer: { resolved, decision: decide(resolved, thresholds) } };
  });
}

function nameMatches(want: string, got: readonly string[]): boolean {
  const w = fold(want.toLowerCase());
  return got.some((g) => {
    const h = fold(g.toLowerCase());
    return h.includes(w) || w.includes(h) || w.split(/\s+/).some((part) => part.length >= 4 && h.includes(part));
  });
}

export function score(outcomes: readonly Outcome[]): Report {
  const context = parseContextOf(contosoKnowledge());
  const r: Report = {
    count: outcomes.length,
    intent: tally(),
    intentByLanguage: {},
    intentByIntent: {},
    rightActedOrOffered: tally(),
    clarified: tally(),
    destructiveWrong: tally(),
    partnerIdWhenPresent: tally(),
    falsePartnerIds: tally(),
    partnerNameWhenNamed: tally(),
    subscriptions: tally(),
    language: tally(),
    misses: [],
  };
  for (const o of outcomes) {
    const u = o.utterance;
    const { resolved, decision } = o.answer;
    const intentOk = resolved.intent === u.intent;
    add(r.intent, intentOk);
    add((r.intentByLanguage[u.language ?? 'unclear'] ??= tally()), intentOk);
    add((r.intentByIntent[u.intent] ??= tally()), intentOk);
    const acted = decision.kind === 'act';
    // "Something else" on the question card opens the help card, which is what "unknown" answers.
    add(r.rightActedOrOffered, acted ? decision.intent === u.intent : decision.choices.includes(u.intent) || u.intent === 'unknown');
    add(r.clarified, !acted);
    add(r.destructiveWrong, acted && isDestructive(decision.intent) && decision.intent !== u.intent);
    if (u.partnerId) add(r.partnerIdWhenPresent, o.parsed.partnerId === u.partnerId);
    else add(r.falsePartnerIds, o.parsed.partnerId !== undefined);
    if (u.partnerName) add(r.partnerNameWhenNamed, nameMatches(u.partnerName, [...(resolved.partnerName ? [resolved.partnerName] : []), ...o.parsed.partnerNames.map((n) => n.name)]));
    const want = expectedSubscriptions(u, context);
    add(r.subscriptions, want.length === resolved.subscriptionIds.length ? [...want].sort().join() === [...resolved.subscriptionIds].sort().join() : false);
    add(r.language, o.parsed.language === u.language);
    if (!intentOk || (acted && decision.intent !== u.intent)) r.misses.push(o);
  }
  return r;
}

/** Wall time of one parse, warm: every utterance parsed `rounds` times, each timed on its own. */
export function parseTimes(texts: readonly string[], parse: RequestParser = parseRequest, rounds = 5): { p50: number; p99: number; mean: number } {
  const context = parseContextOf(contosoKnowledge());
  for (const t of texts) parse(t, context);
  const micros: number[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const t of texts) {
      const start = process.hrtime.bigint();
      parse(t, context);
      micros.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  micros.sort((a, b) => a - b);
  const at = (q: number): number => micros[Math.min(micros.length - 1, Math.floor(q * micros.length))]!;
  return { p50: at(0.5), p99: at(0.99), mean: micros.reduce((a, b) => a + b, 0) / micros.length };
}

export type { Language };

import { decide, isDestructive, THRESHOLDS } from '../../bot/conversation/decide';
import type { LabelledUtterance } from '../../bot/nlu/training/labelledFile';
import { crossValidate } from './crossValidation';
import { loadSet, parseTimes, pct, rate, run, score, SETS, SHORT_DIRECT_SETS, type Outcome, type Report } from './evaluate';
import { modelSummary, runWithModel } from './evaluateWithModel';
import { loadConfigOrExit } from '../../bot/config/config';
import { createBotIdentity } from '../../bot/identity/botIdentity';
import { createLanguageModelReader } from '../../bot/nlu/llm/languageModelReader';
import { loadLabelledFile } from '../../bot/nlu/training/labelledFile';

/**
 * `npm run --silent nlu:eval [-- --set=NAME] [-- --misses] [-- --cv] [-- --calibrate]`
 * Default: the realistic blind sets, the follow-up pairs and the short direct requests, with parse speed.
 * --cv: 5-fold cross-validation on the training corpus. --calibrate: the decision thresholds that
 * cross-validation supports (printed, not written: decide.ts holds the chosen ones).
 * --llm: the sets read with the language model the LLM_* settings name (NLU_LLM=unsure unless set to
 * always), with the model's results, tokens and latency. --set= also takes a labelled file's path.
 */
const args = process.argv.slice(2);
const row = (label: string, value: string): string => `  ${label.padEnd(30)} ${value}`;

function print(title: string, report: Report, misses: boolean): void {
  console.log(`\n${title}: ${report.count} utterances`);
  console.log(row('intent', pct(report.intent)));
  for (const [lang, t] of Object.entries(report.intentByLanguage)) console.log(row(`  ${lang}`, pct(t)));
  console.log(row('right intent acted or offered', pct(report.rightActedOrOffered)));
  console.log(row('clarified', pct(report.clarified)));
  console.log(row('destructive acted, wrongly', pct(report.destructiveWrong)));
  console.log(row('Partner ID (when written)', pct(report.partnerIdWhenPresent)));
  console.log(row('false Partner IDs', pct(report.falsePartnerIds)));
  console.log(row('partner name (when named)', pct(report.partnerNameWhenNamed)));
  console.log(row('subscriptions', pct(report.subscriptions)));
  console.log(row('language', pct(report.language)));
  console.log(row('language, 3 words or more', pct(report.languageThreeWords)));
  if (report.newOfTwoNamed.total > 0) console.log(row('new partner of two named', pct(report.newOfTwoNamed)));
  if (report.followUps.total > 0) console.log(row('follow-ups read right', pct(report.followUps)));
  console.log('  recall per intent');
  for (const [intent, t] of Object.entries(report.intentByIntent)) console.log(row(`  ${intent}`, pct(t)));
  if (misses) printMisses(report.misses);
}

function printMisses(outcomes: readonly Outcome[]): void {
  console.log('  misses');
  for (const o of outcomes) {
    const d = o.answer.decision;
    const got = d.kind === 'act' ? `act ${d.intent}` : `clarify ${d.choices.join('/')}`;
    const top = o.answer.resolved.ranked.slice(0, 3).map((r) => `${r.intent} ${r.score.toFixed(2)}`).join(', ');
    const before = o.utterance.previous === undefined ? '' : `${o.utterance.previous}  →  `;
    console.log(`    ${o.utterance.file.split('/').pop()}:${o.utterance.line} want ${o.utterance.intent}, got ${got} [${top}]\n      ${before}${o.utterance.text}`);
  }
}

const misses = args.includes('--misses');
const named = args.find((a) => a.startsWith('--set='))?.slice('--set='.length);

/** A set by name, or any labelled file (docs/nlu-labelling.md) by path: a customer's own messages. */
function setOf(name: string) {
  return SETS[name] ? { title: `${name} (${SETS[name]!.about})`, utterances: loadSet(name) } : { title: name, utterances: loadLabelledFile(name) };
}

async function withModel(): Promise<void> {
  const config = loadConfigOrExit({ ...process.env, NLU_LLM: process.env.NLU_LLM === 'always' ? 'always' : 'unsure' });
  const reader = createLanguageModelReader(config, createBotIdentity(config, { timeoutMs: config.GRAPH_TIMEOUT_MS }))!;
  console.log(`language model: ${config.LLM_MODEL} at ${new URL(config.LLM_BASE_URL!).host}, NLU_LLM=${reader.mode}, timeout ${config.LLM_TIMEOUT_MS} ms`);
  const sets = named ? [named] : ['realisticBlind', 'realisticBlind2', 'followUps', 'followUpCheck'];
  for (const name of sets) {
    const { title, utterances } = setOf(name);
    const started = Date.now();
    const result = await runWithModel(utterances, reader);
    print(`${title}, with the model (${((Date.now() - started) / 1000).toFixed(1)} s)`, score(result.outcomes), misses);
    for (const line of modelSummary(result)) console.log(line);
  }
}

if (args.includes('--llm')) {
  void withModel();
} else if (args.includes('--cv') || args.includes('--calibrate')) {
  const started = Date.now();
  const outcomes = crossValidate();
  console.log(`5-fold cross-validation on the training corpus (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  print('corpus, cross-validated', score(outcomes), misses);
  if (args.includes('--calibrate')) calibrate(outcomes);
} else if (named) {
  const { title, utterances } = setOf(named);
  print(title, score(run(utterances)), misses);
} else {
  const blind = loadSet('realisticBlind');
  print(`realisticBlind (${SETS.realisticBlind!.about})`, score(run(blind)), misses);
  const blind2 = loadSet('realisticBlind2');
  print(`realisticBlind2 (${SETS.realisticBlind2!.about})`, score(run(blind2)), misses);
  for (const set of ['followUps', 'followUpCheck']) print(`${set} (${SETS[set]!.about})`, score(run(loadSet(set))), misses);
  const short: LabelledUtterance[] = SHORT_DIRECT_SETS.flatMap((s) => loadSet(s));
  print('short direct requests (evalSet, holdout, fresh, blind, final)', score(run(short)), misses);
  const times = parseTimes([...blind, ...blind2, ...short].map((u) => u.text));
  console.log(`\nparse time, warm (${blind.length + blind2.length + short.length} utterances × 5): p50 ${times.p50.toFixed(0)} µs, p99 ${times.p99.toFixed(0)} µs, mean ${times.mean.toFixed(0)} µs`);
}

/** What `decide` makes of the outcomes with these thresholds: right acted or offered, clarified, destructive and help-card mistakes. */
function tally(outcomes: readonly Outcome[], t: typeof THRESHOLDS): { ok: number; clar: number; bad: number; wrongUnknown: number } {
  let ok = 0;
  let clar = 0;
  let bad = 0;
  let wrongUnknown = 0;
  for (const o of outcomes) {
    const d = decide(o.answer.resolved, t);
    const want = o.utterance.intent;
    if (d.kind === 'clarify') {
      clar++;
      if (d.choices.includes(want) || want === 'unknown') ok++;
    } else if (d.intent === want) ok++;
    else if (isDestructive(d.intent)) bad++;
    else if (d.intent === 'unknown') wrongUnknown++;
  }
  return { ok, clar, bad, wrongUnknown };
}

/**
 * Grid search over the decision thresholds: for each limit on clarifications, the thresholds with the
 * most right-acted-or-offered answers while destructive mistakes stay ≤ 0.8%.
 */
function calibrate(outcomes: readonly Outcome[]): void {
  const grid = (from: number, to: number, step: number): number[] => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Number((from + i * step).toFixed(2)));
  const n = outcomes.length;
  const limits = [0.08, 0.1, 0.12, 0.15];
  const best = new Map<number, { t: typeof THRESHOLDS; ok: number; clar: number; bad: number }>();
  for (const lookMin of grid(0.1, 0.4, 0.1))
    for (const formMin of grid(0.2, 0.7, 0.05))
      for (const formLead of grid(0.0, 0.3, 0.05))
        for (const dMin of grid(0.3, 0.9, 0.05))
          for (const dLead of grid(0.0, 0.5, 0.05)) {
            const t = { look: { min: lookMin, lead: 0.05 }, form: { min: formMin, lead: formLead }, destructive: { min: dMin, lead: dLead }, unknown: THRESHOLDS.unknown };
            const { ok, clar, bad } = tally(outcomes, t);
            if (bad / n > 0.008) continue;
            for (const limit of limits) {
              const b = best.get(limit);
              if (clar / n <= limit && (!b || ok > b.ok || (ok === b.ok && clar < b.clar))) best.set(limit, { t, ok, clar, bad });
            }
          }
  // A sure "unknown" acted on although a name, an ID or a subscription was read (decide.ts), at the chosen thresholds otherwise.
  for (const min of [1.01, 0.95, 0.9, 0.8, 0.7]) {
    const { ok, clar, wrongUnknown } = tally(outcomes, { ...THRESHOLDS, unknown: { min, lead: 0.5 } });
    console.log(`unknown acted on from ${min > 1 ? 'never' : min} (lead 0.5): acted-or-offered ${((100 * ok) / n).toFixed(1)}%, clarified ${((100 * clar) / n).toFixed(1)}%, help card instead of a partner request ${((100 * wrongUnknown) / n).toFixed(2)}%`);
  }
  const current = score(outcomes);
  console.log(`\ncurrent thresholds: acted-or-offered ${pct(current.rightActedOrOffered)}, clarified ${(100 * rate(current.clarified)).toFixed(1)}%, destructive wrong ${(100 * rate(current.destructiveWrong)).toFixed(2)}%`);
  for (const limit of limits) {
    const b = best.get(limit);
    if (!b) console.log(`clarified ≤ ${limit * 100}%: no thresholds keep destructive mistakes ≤ 0.8%`);
    else console.log(`clarified ≤ ${limit * 100}%: ${JSON.stringify(b.t)}\n  acted-or-offered ${((100 * b.ok) / n).toFixed(1)}%, clarified ${((100 * b.clar) / n).toFixed(1)}%, destructive wrong ${((100 * b.bad) / n).toFixed(2)}%`);
  }
}

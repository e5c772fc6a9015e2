import { join } from 'node:path';
import { evaluate, loadEvalSet, pct } from './evaluate';

/**
 * `npm run --silent nlu:eval [-- --holdout|--fresh|--blind|--final|--all] [-- --misses]`: accuracy of
 * the parser on test/nlu/evalSet.txt (default), one of the check sets, or all of them together.
 */
const set = (name: string) => (): ReturnType<typeof loadEvalSet> => loadEvalSet(join(__dirname, `${name}Set.txt`));
const sets: Readonly<Record<string, () => ReturnType<typeof loadEvalSet>>> = {
  '--holdout': set('holdout'),
  '--fresh': set('fresh'),
  '--blind': set('blind'),
  '--final': set('final'),
};
const chosen = Object.keys(sets).find((flag) => process.argv.includes(flag));
const examples = chosen
  ? sets[chosen]!()
  : process.argv.includes('--all')
    ? [loadEvalSet, ...Object.values(sets)].flatMap((load) => {
        try {
          return load();
        } catch (err) {
          // finalSet.txt may not exist yet; any other error is real.
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
          throw err;
        }
      })
    : loadEvalSet();
const report = evaluate(examples);
const row = (label: string, value: string): string => `  ${label.padEnd(18)} ${value}`;

console.log(`NLU evaluation: ${report.count} utterances`);
console.log('Intent accuracy');
console.log(row('all', pct(report.intent)));
console.log('Intent accuracy per language');
for (const [lang, t] of Object.entries(report.intentByLanguage)) console.log(row(lang, pct(t)));
console.log('Intent accuracy per intent (recall)');
for (const [intent, t] of Object.entries(report.intentByIntent)) console.log(row(intent, pct(t)));
console.log('Details');
console.log(row('partnerId (all)', pct(report.partnerId)));
console.log(row('partnerId (with ID)', pct(report.partnerIdWhenPresent)));
console.log(row('subscriptions', pct(report.subscriptions)));
console.log(row('language', pct(report.language)));
console.log(row('switchLanguage', pct(report.switchLanguage)));
console.log(row('speed', `${report.microsPerUtterance.toFixed(1)} µs per utterance`));
if (process.argv.includes('--misses')) {
  console.log('Misses');
  for (const m of report.misses) {
    const want = `${m.example.intent} id=${m.example.partnerId ?? '-'} lang=${m.example.language ?? '-'} sw=${m.example.switchLanguage ?? '-'} subs=${m.example.subscriptionIds.length}`;
    const got = `${m.got.intent} id=${m.got.partnerId ?? '-'} lang=${m.got.language ?? '-'} sw=${m.got.switchLanguage ?? '-'} subs=${m.got.subscriptionIds.length}`;
    console.log(`  line ${m.example.line} [${m.fields.join(',')}] ${m.example.text}\n      want ${want}\n      got  ${got}`);
  }
}

import { join } from 'node:path';
import { evaluate, loadEvalSet, pct } from './evaluate';

/**
 * `npm run --silent nlu:eval [-- --holdout|--fresh|--all] [-- --misses]`: accuracy of the parser on
 * test/nlu/evalSet.txt (default), the held-out set, or both.
 */
const holdout = (): ReturnType<typeof loadEvalSet> => loadEvalSet(join(__dirname, 'holdoutSet.txt'));
const fresh = (): ReturnType<typeof loadEvalSet> => loadEvalSet(join(__dirname, 'freshSet.txt'));
const examples = process.argv.includes('--holdout')
  ? holdout()
  : process.argv.includes('--fresh')
    ? fresh()
    : process.argv.includes('--all')
      ? [...loadEvalSet(), ...holdout(), ...fresh()]
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

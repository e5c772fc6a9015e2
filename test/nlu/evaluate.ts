import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLanguage, type Language } from '../../bot/i18n/i18n';
import { contosoCatalog } from '../../bot/nlu/demoCatalog';
import { INTENTS, type Intent, type ParsedRequest, type SubscriptionCatalogEntry } from '../../bot/nlu/intents';
import { parseRequest } from '../../bot/nlu/parseRequest';
import { SUBS } from '../../bot/demo/demoData';

/** Loads the labelled evaluation set (test/nlu/evalSet.txt) and scores the parser on it. */

export interface Example {
  line: number;
  text: string;
  language?: Language;
  intent: Intent;
  partnerId?: string;
  subscriptionIds: string[];
  switchLanguage?: Language;
}

const SUB_KEYS: Readonly<Record<string, string>> = {
  bp: SUBS.businessPremium,
  e3: SUBS.e3,
  e5: SUBS.e5Trial,
  exo: SUBS.exchange,
  te: SUBS.teamsEssentials,
};

export function loadEvalSet(file = join(__dirname, 'evalSet.txt')): Example[] {
  const catalog = contosoCatalog();
  const examples: Example[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      if (raw.trim() === '' || raw.startsWith('#')) return;
      const parts = raw.split(' | ');
      if (parts.length < 6) throw new Error(`evalSet line ${i + 1}: expected 6 fields`);
      const [lang, intent, id, subs, sw] = parts.map((p) => p.trim());
      const text = parts.slice(5).join(' | ');
      if (!(INTENTS as readonly string[]).includes(intent!)) throw new Error(`evalSet line ${i + 1}: intent ${intent}`);
      const subscriptionIds =
        subs === '-' ? [] : subs === 'all' ? catalog.map((c) => c.id) : subs!.split(',').map((k) => {
          const idOf = SUB_KEYS[k];
          if (!idOf) throw new Error(`evalSet line ${i + 1}: subscription ${k}`);
          return idOf;
        });
      examples.push({
        line: i + 1,
        text,
        language: isLanguage(lang) ? lang : undefined,
        intent: intent as Intent,
        partnerId: id === '-' ? undefined : id,
        subscriptionIds,
        switchLanguage: isLanguage(sw) ? sw : undefined,
      });
    });
  return examples;
}

export interface Tally {
  right: number;
  total: number;
}

export interface Miss {
  example: Example;
  got: ParsedRequest;
  fields: string[];
}

export interface Report {
  count: number;
  intent: Tally;
  intentByLanguage: Record<string, Tally>;
  intentByIntent: Record<string, Tally>;
  partnerId: Tally;
  partnerIdWhenPresent: Tally;
  subscriptions: Tally;
  language: Tally;
  switchLanguage: Tally;
  microsPerUtterance: number;
  misses: Miss[];
}

const add = (t: Tally, ok: boolean): void => {
  t.total++;
  if (ok) t.right++;
};
const tally = (): Tally => ({ right: 0, total: 0 });
const sameSet = (a: string[], b: string[]): boolean => a.length === b.length && [...a].sort().join() === [...b].sort().join();

export function evaluate(examples: Example[], catalog: SubscriptionCatalogEntry[] = contosoCatalog()): Report {
  const report: Report = {
    count: examples.length,
    intent: tally(),
    intentByLanguage: {},
    intentByIntent: {},
    partnerId: tally(),
    partnerIdWhenPresent: tally(),
    subscriptions: tally(),
    language: tally(),
    switchLanguage: tally(),
    microsPerUtterance: 0,
    misses: [],
  };
  for (const ex of examples) {
    const got = parseRequest(ex.text, catalog);
    const fields: string[] = [];
    const check = (name: string, ok: boolean): boolean => {
      if (!ok) fields.push(name);
      return ok;
    };
    const intentOk = check('intent', got.intent === ex.intent);
    add(report.intent, intentOk);
    add((report.intentByLanguage[ex.language ?? 'unclear'] ??= tally()), intentOk);
    add((report.intentByIntent[ex.intent] ??= tally()), intentOk);
    const idOk = check('partnerId', got.partnerId === ex.partnerId);
    add(report.partnerId, idOk);
    if (ex.partnerId) add(report.partnerIdWhenPresent, idOk);
    add(report.subscriptions, check('subscriptions', sameSet(got.subscriptionIds, ex.subscriptionIds)));
    add(report.language, check('language', got.language === ex.language));
    add(report.switchLanguage, check('switchLanguage', got.switchLanguage === ex.switchLanguage));
    if (fields.length) report.misses.push({ example: ex, got, fields });
  }
  report.microsPerUtterance = timePerUtterance(examples, catalog);
  return report;
}

/** Mean wall time of one parse over the whole set, after a warm-up round. */
function timePerUtterance(examples: Example[], catalog: SubscriptionCatalogEntry[], rounds = 20): number {
  for (const ex of examples) parseRequest(ex.text, catalog);
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const ex of examples) parseRequest(ex.text, catalog);
  return Number(process.hrtime.bigint() - start) / 1000 / (rounds * examples.length);
}

export const pct = (t: Tally): string => `${((100 * t.right) / Math.max(t.total, 1)).toFixed(1)}% (${t.right}/${t.total})`;

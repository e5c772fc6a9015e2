import { readFileSync } from 'node:fs';
import { MODEL_PATH } from '../../bot/nlu/intentModel';
import { loadCorpus } from '../../bot/nlu/training/corpus';
import { serializeModel, examplesOf } from '../../bot/nlu/training/train';
import { trainModel } from '../../bot/nlu/training/trainModel';
import { loadSet, rate, run, score, SHORT_DIRECT_SETS } from './evaluate';

/**
 * The issue-17 targets, on sets nobody tuned on (test/nlu/realisticBlindSet.txt; first run in
 * docs/nlu.md) and on the short direct requests. Floors sit a little under today's numbers, so a
 * retrained model that understands less fails here.
 */
describe('understanding realistic messages (realistic blind set)', () => {
  const report = score(run(loadSet('realisticBlind')));

  it('gets the intent right ≥ 93% overall and ≥ 90% in every language', () => {
    expect(report.count).toBe(400);
    expect(rate(report.intent)).toBeGreaterThanOrEqual(0.93);
    for (const lang of ['en', 'sv', 'fr', 'nl']) expect(rate(report.intentByLanguage[lang]!)).toBeGreaterThanOrEqual(0.9);
  });

  it('acts on the right intent or offers it ≥ 97%, asks back on ≤ 15%, starts a destructive flow wrongly ≤ 1%', () => {
    expect(rate(report.rightActedOrOffered)).toBeGreaterThanOrEqual(0.97);
    expect(rate(report.clarified)).toBeLessThanOrEqual(0.15);
    expect(rate(report.destructiveWrong)).toBeLessThanOrEqual(0.01);
  });

  it('reads every Partner ID written and invents none', () => {
    expect(rate(report.partnerIdWhenPresent)).toBeGreaterThanOrEqual(0.98);
    expect(report.falsePartnerIds.right).toBe(0);
  });
});

/**
 * Issue 22 targets on its blind set (test/nlu/realisticBlindSet2.txt: first run of the old parser in
 * docs/nlu.md, 77% intent) and on the follow-up pairs. Clarified sits above the target (≤ 10%):
 * 10.9% since round three (docs/nlu.md).
 */
describe('understanding round two (realistic blind set 2)', () => {
  const report = score(run(loadSet('realisticBlind2')));

  it('gets the intent right ≥ 95% overall and ≥ 93% in every language, and reaches the right answer ≥ 98%', () => {
    expect(report.count).toBe(440);
    expect(rate(report.intent)).toBeGreaterThanOrEqual(0.95);
    for (const lang of ['en', 'sv', 'fr', 'nl']) expect(rate(report.intentByLanguage[lang]!)).toBeGreaterThanOrEqual(0.93);
    expect(rate(report.rightActedOrOffered)).toBeGreaterThanOrEqual(0.98);
    expect(rate(report.clarified)).toBeLessThanOrEqual(0.12);
    expect(rate(report.destructiveWrong)).toBeLessThanOrEqual(0.005);
  });

  it('finds partners named by company (any case, one typo), the new one of two, and no phone or order number as an ID', () => {
    expect(rate(report.partnerNameWhenNamed)).toBeGreaterThanOrEqual(0.95);
    expect(report.newOfTwoNamed.total).toBeGreaterThanOrEqual(15);
    expect(rate(report.newOfTwoNamed)).toBeGreaterThanOrEqual(0.97);
    expect(rate(report.partnerIdWhenPresent)).toBe(1);
    expect(report.falsePartnerIds.right).toBe(0);
  });

  it('finds the language of messages of three words or more ≥ 98%', () => {
    expect(rate(report.languageThreeWords)).toBeGreaterThanOrEqual(0.98);
  });
});

/**
 * Round three (test/nlu/realisticBlindSet3.txt, 411 messages, and followUpBlindSet3.txt, 45 pairs, written
 * before that round's changes; first run in docs/nlu.md: 93.7% intent, 12.2% clarified, 1.5% destructive).
 * Read since: floors under today's numbers, so a retrained model that understands less fails here.
 */
describe('understanding round three (realistic set 3)', () => {
  const report = score(run(loadSet('realistic3')));

  it('gets the intent right ≥ 96% overall and ≥ 95% in every language, asks back on ≤ 10%, no destructive mistake', () => {
    expect(report.count).toBe(411);
    expect(rate(report.intent)).toBeGreaterThanOrEqual(0.96);
    for (const lang of ['en', 'sv', 'fr', 'nl']) expect(rate(report.intentByLanguage[lang]!)).toBeGreaterThanOrEqual(0.95);
    expect(rate(report.rightActedOrOffered)).toBeGreaterThanOrEqual(0.97);
    expect(rate(report.clarified)).toBeLessThanOrEqual(0.1);
    expect(report.destructiveWrong.right).toBe(0);
  });

  it('reads the names, the IDs (no phone number as one), the language and the follow-up pairs', () => {
    expect(rate(report.partnerNameWhenNamed)).toBeGreaterThanOrEqual(0.97);
    expect(rate(report.partnerIdWhenPresent)).toBe(1);
    expect(report.falsePartnerIds.right).toBe(0);
    expect(rate(report.languageThreeWords)).toBeGreaterThanOrEqual(0.98);
    const followUps = score(run(loadSet('followUps3')));
    expect(followUps.followUps.total).toBe(45);
    expect(rate(followUps.followUps)).toBeGreaterThanOrEqual(0.95);
  });
});

describe('follow-ups in a conversation', () => {
  it('reads ≥ 90% of follow-ups against the last request (blind pairs and the check pairs)', () => {
    for (const set of ['followUps', 'followUpCheck']) {
      const report = score(run(loadSet(set)));
      expect(report.followUps.total).toBeGreaterThanOrEqual(48);
      expect(rate(report.followUps)).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('leaves requests of their own alone: a set of first messages reads the same after any previous request', () => {
    const alone = rate(score(run(loadSet('realisticBlind2'))).intent);
    for (const previous of ['add 1234567 to business premium', 'who are our partners?', 'remove the partner from e3', 'ta bort vår återförsäljare']) {
      const after = score(run(loadSet('realisticBlind2').map((u) => ({ ...u, previous }))));
      expect(rate(after.intent)).toBeGreaterThanOrEqual(alone - 0.01);
      expect(rate(after.destructiveWrong)).toBeLessThanOrEqual(0.012);
    }
  });
});

describe('short direct requests (the first parser’s sets)', () => {
  it('keeps ≥ 97% intent and 100% Partner ID', () => {
    const report = score(run(SHORT_DIRECT_SETS.flatMap((s) => loadSet(s))));
    expect(report.count).toBeGreaterThanOrEqual(690);
    expect(rate(report.intent)).toBeGreaterThanOrEqual(0.97);
    expect(rate(report.partnerIdWhenPresent)).toBe(1);
    expect(report.falsePartnerIds.right).toBe(0);
  });
});

describe('the model', () => {
  it('is what `npm run nlu:train` builds from the corpus, byte for byte (training is reproducible)', () => {
    const { utterances, text } = loadCorpus();
    expect(utterances.length).toBeGreaterThanOrEqual(2000);
    for (const lang of ['en', 'sv', 'fr', 'nl']) expect(utterances.filter((u) => u.language === lang).length).toBeGreaterThanOrEqual(400);
    const rebuilt = serializeModel(trainModel(examplesOf(utterances), text));
    expect(rebuilt === readFileSync(MODEL_PATH, 'utf8')).toBe(true);
  }, 120_000);

});

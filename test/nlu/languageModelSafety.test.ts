import { z } from 'zod';
import { languageModelConfigShape } from '../../bot/nlu/llm/languageModelConfig';
import { createLanguageModelReader } from '../../bot/nlu/llm/languageModelReader';
import type { LabelledUtterance } from '../../bot/nlu/training/labelledFile';
import { FakeChatCompletions, reading, type ReceivedChat, type ScriptedAnswer } from '../support/fakeChatCompletions';
import { contosoKnowledge } from '../../bot/conversation/demoTenant';
import { parseContextOf } from '../../bot/conversation/tenantKnowledge';
import { expectedSubscriptions, loadSet, rate, run, score, type Report } from './evaluate';
import { runWithModel } from './evaluateWithModel';

/**
 * What the safety rules make of a model's answers, on the blind set of round two, whatever the model:
 * - a model that reads "remove" or "change" into everything (the worst a model can do) never makes the
 *   bot start more changes or removals the admin did not want than the classifier alone, nor use an ID
 *   the admin did not write;
 * - a model that always answers as the labels do (the best a model can do) is used: fewer questions back,
 *   and the right answer reached at least as often.
 * Both are simulated on loopback: this measures the rules around the model, not any real model.
 */
const knowledge = contosoKnowledge();
const context = parseContextOf(knowledge);
const nameOf = new Map(knowledge.subscriptions.map((s) => [s.id, s.name]));
const blind = loadSet('realisticBlind2');
const alone = score(run(blind));

/** The labelled answer, as a model that reads every message right would give it. */
function labelled(set: readonly LabelledUtterance[]): (request: ReceivedChat) => ScriptedAnswer {
  const byText = new Map(set.map((u) => [u.text, u]));
  return (request) => {
    const u = byText.get(FakeChatCompletions.messageOf(request))!;
    const subscriptions = expectedSubscriptions(u, context).map((id) => nameOf.get(id)!);
    const role = ['remove_partner', 'remove_reseller', 'view_partners'].includes(u.intent) ? 'old' : 'new';
    return { content: JSON.stringify(reading({ intent: u.intent, confidence: 0.9, newPartnerId: u.partnerId ?? null, subscriptions, partners: u.partnerName ? [{ name: u.partnerName, role }] : [], replyLanguage: u.switchLanguage ?? null })) };
  };
}

let fake: FakeChatCompletions;
beforeAll(async () => {
  fake = await new FakeChatCompletions().start();
});
afterAll(async () => {
  await fake.stop();
});

async function withModel(mode: 'unsure' | 'always', answer: (request: ReceivedChat) => ScriptedAnswer): Promise<Report> {
  fake.answer = answer;
  const config = z.object(languageModelConfigShape).parse({ NLU_LLM: mode, LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'simulated', LLM_AUTH: 'none' });
  return score((await runWithModel(blind, createLanguageModelReader(config)!)).outcomes);
}

const everything = (intent: string) => () => ({ content: JSON.stringify(reading({ intent, confidence: 0.99, subscriptions: ['Office 365 E3'], newPartnerId: null })) });

describe.each(['unsure', 'always'] as const)('NLU_LLM=%s', (mode) => {
  test.each(['remove_partner', 'change_partner', 'remove_reseller'])('a model that reads %s into every message starts no more of them wrongly than the classifier alone', async (intent) => {
    const report = await withModel(mode, everything(intent));
    expect(report.destructiveWrong.right).toBeLessThanOrEqual(alone.destructiveWrong.right);
    expect(report.falsePartnerIds.right).toBe(0);
    expect(report.partnerIdWhenPresent.right).toBe(alone.partnerIdWhenPresent.right);
  }, 30_000);

  test('a model that reads every message right is used: fewer questions back, the right answer reached at least as often', async () => {
    const report = await withModel(mode, labelled(blind));
    expect(rate(report.clarified)).toBeLessThan(rate(alone.clarified) / 2);
    expect(report.rightActedOrOffered.right).toBeGreaterThanOrEqual(alone.rightActedOrOffered.right);
    expect(report.destructiveWrong.right).toBeLessThanOrEqual(alone.destructiveWrong.right);
  }, 30_000);
});

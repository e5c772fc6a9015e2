import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { contosoKnowledge } from '../../bot/conversation/demoTenant';
import { promptTenantOf } from '../../bot/conversation/secondOpinion';
import { parseContextOf } from '../../bot/conversation/tenantKnowledge';
import { CONTOSO, SUBS } from '../../bot/demo/demoData';
import { ChatCompletionsClient, retryAfterMs } from '../../bot/nlu/llm/chatCompletions';
import { ChatModelReader, createLanguageModelReader, isAzureOpenAi, type LanguageModelReader, type ModelInput } from '../../bot/nlu/llm/languageModelReader';
import { languageModelConfigShape } from '../../bot/nlu/llm/languageModelConfig';
import { PROMPT_EXAMPLES } from '../../bot/nlu/llm/promptExamples';
import { parseRequest } from '../../bot/nlu/parseRequest';
import { loadLabelledFile } from '../../bot/nlu/training/labelledFile';
import { z } from 'zod';
import { FakeChatCompletions, reading } from '../support/fakeChatCompletions';

/**
 * The model reader against an OpenAI-compatible endpoint on loopback: what it sends, and what it
 * keeps of each kind of answer (good, malformed, outside the schema, an invented ID, slow, 429, refused).
 */
const knowledge = contosoKnowledge();
const context = parseContextOf(knowledge);
const tenant = promptTenantOf(knowledge);

function input(text: string): ModelInput {
  return { text, parsed: parseRequest(text, context), context, tenant };
}

function readerFor(fake: FakeChatCompletions, env: Record<string, string> = {}): LanguageModelReader {
  const config = z.object(languageModelConfigShape).parse({ NLU_LLM: 'unsure', LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'gpt-4.1-mini', LLM_API_KEY: 'sk-test-key', LLM_TIMEOUT_MS: '500', ...env });
  return createLanguageModelReader(config)!;
}

let fake: FakeChatCompletions;
beforeEach(async () => {
  fake = await new FakeChatCompletions().start();
});
afterEach(async () => {
  await fake.stop();
});

describe('what the model is sent', () => {
  test('the message, the rules, the tenant by names, a strict JSON schema; no ids, tokens or Partner IDs the admin did not write', async () => {
    fake.answer = () => ({ content: JSON.stringify(reading({ intent: 'view_partners' })) });
    await readerFor(fake).read(input('who looks after our Exchange licences these days?'));
    const [request] = fake.received;
    expect(request!.headers.authorization).toBe('Bearer sk-test-key');
    expect(request!.body.model).toBe('gpt-4.1-mini');
    expect(FakeChatCompletions.messageOf(request!)).toBe('who looks after our Exchange licences these days?');
    const format = request!.body.response_format!;
    expect(format.type).toBe('json_schema');
    expect(format.json_schema!.strict).toBe(true);
    const schema = format.json_schema!.schema as { required: string[]; properties: Record<string, any>; additionalProperties: boolean };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required.sort()).toEqual(Object.keys(schema.properties).sort());
    expect(schema.properties.subscriptions.items.enum).toEqual(knowledge.subscriptions.map((s) => s.name));
    const sent = request!.raw;
    expect(sent).toContain('Office 365 E3: partner of record Fabrikam Advisory Services');
    expect(sent).toContain('Northwind Reseller (reseller)');
    expect(sent).toContain('Look-alikes are unknown');
    // Names only: the known partners' IDs, the tenant and the subscriptions' ids stay in the bot.
    expect(sent).not.toContain('4391507"');
    expect(sent).not.toContain('1234567');
    expect(sent).not.toContain('5558001');
    expect(sent).not.toContain(CONTOSO);
    expect(sent).not.toContain(SUBS.e3);
    expect(sent).not.toContain('sk-test-key');
  });

  test('Azure OpenAI endpoints also get the key as api-key; other endpoints only the bearer token', async () => {
    expect(['https://contoso.openai.azure.com/openai/v1', 'https://contoso.cognitiveservices.azure.com/openai/v1', 'https://contoso.services.ai.azure.com/openai/v1'].map(isAzureOpenAi)).toEqual([true, true, true]);
    expect(['https://api.openai.com/v1', 'http://127.0.0.1:11434/v1', 'https://openai.azure.com.evil.example/v1'].map(isAzureOpenAi)).toEqual([false, false, false]);
    fake.answer = () => ({ content: JSON.stringify(reading({ intent: 'help' })) });
    const client = new ChatCompletionsClient({ baseUrl: fake.baseUrl, model: 'm', timeoutMs: 1000, authorization: async () => 'Bearer k', headers: { 'api-key': 'k' } });
    await new ChatModelReader('unsure', 'm', client).read(input('Fabrikam?'));
    expect(fake.received[0]!.headers).toEqual(expect.objectContaining({ authorization: 'Bearer k', 'api-key': 'k' }));
    await readerFor(fake).read(input('Fabrikam?'));
    expect(fake.received[1]!.headers['api-key']).toBeUndefined();
  });

  test('the examples in the prompt are corpus lines with the same intent', () => {
    const dir = join(__dirname, '../../bot/nlu/corpus');
    const corpus = readdirSync(dir).flatMap((f) => loadLabelledFile(join(dir, f)));
    for (const example of PROMPT_EXAMPLES) {
      const line = corpus.find((u) => u.text === example.text);
      expect({ text: example.text, intent: line?.intent }).toEqual({ text: example.text, intent: example.intent });
    }
  });
});

describe('what is kept of the answer', () => {
  test('a good answer: the intent, its ID chosen among those written, the tenant\'s subscriptions by name, known partners', async () => {
    fake.answer = () => ({
      content: JSON.stringify(reading({ intent: 'change_partner', confidence: 0.92, partners: [{ name: 'litware', role: 'new' }, { name: 'Fabrikam', role: 'old' }], newPartnerId: '1234567', subscriptions: ['Office 365 E3', 'No Such Plan'] })),
    });
    const outcome = await readerFor(fake).read(input('E3: from 4391507 (fabrikam) to litware 1234567 please'));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.tokens).toBe(940);
    expect(outcome.reading).toMatchObject({ intent: 'change_partner', confidence: 0.92, partnerId: '1234567', subscriptionIds: [SUBS.e3] });
    expect(outcome.reading.partnerNames.map((n) => [n.name, n.target, n.replaced ?? false])).toEqual([
      ['Litware Cloud Partners', true, false],
      ['Fabrikam Advisory Services', false, true],
    ]);
  });

  test('an ID written with spaces is the ID; an empty one is none', async () => {
    fake.answer = () => ({ content: JSON.stringify(reading({ intent: 'add_partner', newPartnerId: '123 4567' })) });
    const spaced = await readerFor(fake).read(input('add partner 123 4567 to the trial'));
    expect(spaced.ok && spaced.reading.partnerId).toBe('1234567');
    fake.answer = () => ({ content: JSON.stringify(reading({ intent: 'add_partner', newPartnerId: '' })) });
    const empty = await readerFor(fake).read(input('add a partner to the trial'));
    expect(empty.ok && empty.reading.partnerId).toBeUndefined();
  });

  test('a company the message does not name is dropped (its ID could otherwise come from the tenant)', async () => {
    fake.answer = () => ({ content: JSON.stringify(reading({ intent: 'add_partner', partners: [{ name: 'Litware', role: 'new' }] })) });
    const outcome = await readerFor(fake).read(input('add a partner to the trial'));
    expect(outcome.ok && outcome.reading.partnerNames).toEqual([]);
  });

  test.each([
    ['malformed JSON', { content: '{"intent": "view_partners", "confidence": 0.9' }],
    ['an intent outside the nine', { content: JSON.stringify(reading({ intent: 'delete_tenant' })) }],
    ['a field the schema does not have', { content: JSON.stringify({ ...reading({ intent: 'help' }), partnerIdToUse: '1234567' }) }],
    ['a confidence outside 0..1', { content: JSON.stringify(reading({ intent: 'help', confidence: 7 })) }],
    ['prose instead of JSON', { content: 'Sure! The admin wants to view partners.' }],
  ])('%s is an invalid answer', async (_kind, answer) => {
    fake.answer = () => answer;
    const outcome = await readerFor(fake).read(input('Fabrikam?'));
    expect(outcome).toMatchObject({ ok: false, failure: 'invalid_answer', tokens: 940 });
  });

  test.each([
    ['an ID the text does not carry', 'Fabrikam out on E3', '7777777'],
    ['a phone number the parser did not take as an ID', 'ring me on 070 123 45 67 about Fabrikam', '0701234567'],
  ])('%s: none of the answer is used', async (_kind, text, id) => {
    fake.answer = () => ({ content: JSON.stringify(reading({ intent: 'change_partner', confidence: 0.99, newPartnerId: id })) });
    expect(await readerFor(fake).read(input(text))).toMatchObject({ ok: false, failure: 'invented_id' });
  });
});

describe('when the endpoint fails', () => {
  test('slower than LLM_TIMEOUT_MS: a timeout, without waiting for the answer', async () => {
    fake.answer = () => ({ delayMs: 3000, content: JSON.stringify(reading({ intent: 'help' })) });
    const outcome = await readerFor(fake, { LLM_TIMEOUT_MS: '300' }).read(input('Fabrikam?'));
    expect(outcome).toMatchObject({ ok: false, failure: 'timeout' });
    expect(outcome.ms).toBeLessThan(3000);
  });

  test('429 with Retry-After: rate limited, and no request goes out until the time has passed', async () => {
    let clock = 1_000_000;
    fake.answer = () => ({ status: 429, headers: { 'retry-after': '20' } });
    const client = new ChatCompletionsClient({ baseUrl: fake.baseUrl, model: 'm', timeoutMs: 1000, authorization: async () => 'Bearer k', now: () => clock });
    const reader = new ChatModelReader('unsure', 'm', client);
    expect(await reader.read(input('Fabrikam?'))).toMatchObject({ ok: false, failure: 'rate_limited', status: 429, retryAfterMs: 20_000 });
    fake.answer = () => ({ content: JSON.stringify(reading({ intent: 'view_partners' })) });
    clock += 19_000;
    expect(await reader.read(input('Fabrikam?'))).toMatchObject({ ok: false, failure: 'rate_limited' });
    expect(fake.received).toHaveLength(1);
    clock += 1_000;
    expect(await reader.read(input('Fabrikam?'))).toMatchObject({ ok: true });
    expect(fake.received).toHaveLength(2);
  });

  test('Retry-After as Azure OpenAI sends it (retry-after-ms), in seconds, or as a date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '1500', 'retry-after': '2' }), 0)).toBe(1500);
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }), 0)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(60_000).toUTCString() }), 0)).toBe(60_000);
    expect(retryAfterMs(new Headers({}), 0)).toBeUndefined();
  });

  test.each([
    ['a refused key', { status: 401 }, 'refused_credentials'],
    ['a server error', { status: 503 }, 'unavailable'],
    ['a body that is not JSON', { rawBody: '<html>bad gateway</html>' }, 'invalid_response'],
  ])('%s', async (_kind, answer, failure) => {
    fake.answer = () => answer;
    expect(await readerFor(fake).read(input('Fabrikam?'))).toMatchObject({ ok: false, failure });
  });

  test('no token for the managed identity: no_token, with the credential error\'s class for the operator', async () => {
    const config = z.object(languageModelConfigShape).parse({ NLU_LLM: 'unsure', LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'm', LLM_AUTH: 'managedIdentity' });
    class CredentialUnavailableError extends Error {
      override name = 'CredentialUnavailableError';
    }
    const credential = { getToken: async () => { throw new CredentialUnavailableError('ManagedIdentityCredential: no endpoint (secret detail)'); } };
    const outcome = await createLanguageModelReader(config, { credential })!.read(input('Fabrikam?'));
    expect(outcome).toMatchObject({ ok: false, failure: 'no_token', detail: 'CredentialUnavailableError' });
    expect(fake.received).toHaveLength(0);
  });

  test('an endpoint that is not there: unavailable', async () => {
    const url = fake.baseUrl;
    await fake.stop();
    const config = z.object(languageModelConfigShape).parse({ NLU_LLM: 'unsure', LLM_BASE_URL: url, LLM_MODEL: 'm', LLM_AUTH: 'none' });
    // The operator is told why (the connection was refused), never with the error's message.
    expect(await createLanguageModelReader(config)!.read(input('Fabrikam?'))).toMatchObject({ ok: false, failure: 'unavailable', detail: 'ECONNREFUSED' });
    fake = await new FakeChatCompletions().start();
  });
});

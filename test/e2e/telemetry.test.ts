import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BillingProcess } from '../support/billingProcess';
import { BotProcess, waitFor } from '../support/botProcess';
import { actionByVerb, cardOf } from '../support/cards';
import { alex } from '../support/demoUsers';
import { FakeBotFrameworkKeys } from '../support/fakeBotFrameworkKeys';
import { FakeEntra } from '../support/fakeEntra';
import { LocalConnector } from '../support/localConnector';
import { cardAction, message } from '../support/teamsActivities';
import { AzureMonitorIngestion, FAST_EXPORT, OtlpReceiver, SPAN_KIND, type ReceivedSpan } from '../support/telemetryReceivers';
import { FakeChatCompletions, reading } from '../support/fakeChatCompletions';

/**
 * The real exporters into receivers on loopback: an OTLP/HTTP collector (http/json and http/protobuf) and
 * Application Insights' ingestion endpoint. One change from message to result, through the HTTP billing
 * service, which continues the bot's trace. What users typed never leaves in telemetry.
 */
const { server: SERVER, client: CLIENT } = SPAN_KIND;
/** Text only the admin typed: a reference and a company the bot does not know. Neither may be exported. */
const TYPED_MARKER = 'zebra7731';
const TYPED_COMPANY = 'Quokkaworks';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'por-telemetry-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Messages and clicks of one admin conversation, straight to the process. */
async function changeOnce(bot: BotProcess, connector: LocalConnector) {
  await bot.post(message(alex, connector.url, `add ${TYPED_COMPANY} as our partner please, ref ${TYPED_MARKER}`));
  const ask = message(alex, connector.url, `add partner 1234567 to Business Premium (ticket ${TYPED_MARKER})`);
  expect((await bot.post(ask)).status).toBe(200);
  const posted = connector.received.filter((r) => r.conversationId === ask.conversation.id);
  const card = cardOf(posted[posted.length - 1]!.body);
  const confirm = actionByVerb(card, 'draft.confirm');
  const res = await bot.post(cardAction(alex, connector.url, 'draft.confirm', confirm.data, posted[posted.length - 1]!.createdId));
  expect(res.status).toBe(200);
  expect(JSON.stringify(res.body)).toContain('Litware Cloud Partners was added');
}

describe('OTLP over http/json to a collector on loopback, with the billing service continuing the trace', () => {
  let receiver: OtlpReceiver;
  let billing: BillingProcess;
  let connector: LocalConnector;
  let bot: BotProcess;
  const otlp = () => ({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', ...FAST_EXPORT });

  beforeAll(async () => {
    receiver = await new OtlpReceiver().start();
    billing = await BillingProcess.start({ BILLING_SERVE_DB: join(dir, 'billing-json.sqlite'), ...otlp() });
    connector = await new LocalConnector().start();
    bot = await BotProcess.start({ DATA_DIR: join(dir, 'json'), BILLING_BACKEND: 'http', BILLING_BASE_URL: billing.baseUrl, ...otlp() }, connector);
    await changeOnce(bot, connector);
    await bot.stop();
    await billing.stop();
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await billing?.stop();
    await connector?.stop();
    await receiver?.stop();
  });

  const turns = () => receiver.spans.filter((s) => s.service === 'partner-of-record-bot' && s.kind === SERVER);

  test('each activity is a server span with its type, intent, decision, flow, outcome, language and tenant', () => {
    const confirmTurn = turns().find((s) => s.attributes['activity.name'] === 'adaptiveCard/action');
    const decided = turns().find((s) => s.attributes['bot.intent'] === 'add_partner' && s.attributes['bot.flow'] === 'add_partner');
    expect(decided?.attributes).toEqual(expect.objectContaining({ 'activity.type': 'message', 'bot.decision': 'act', 'bot.language': 'en', 'bot.outcome': 'ok', 'tenant.id': alex.tenantId, 'http.response.status_code': 200 }));
    expect(confirmTurn?.attributes).toEqual(expect.objectContaining({ 'activity.type': 'invoke', 'bot.flow': 'draft.confirm', 'bot.outcome': 'ok' }));
    expect(turns().length).toBeGreaterThanOrEqual(3);
  });

  test('billing calls are child spans in the turn trace, and the billing service continues that trace', () => {
    const confirmTurn = turns().find((s) => s.attributes['activity.name'] === 'adaptiveCard/action')!;
    const inTrace = receiver.spans.filter((s) => s.traceId === confirmTurn.traceId);
    const set = inTrace.find((s) => s.name === 'billing.setPartnerOfRecord')!;
    expect(set).toBeDefined();
    expect(set.kind).toBe(CLIENT);
    expect(ancestors(set, inTrace)).toContain(confirmTurn.spanId);
    const served = inTrace.find((s) => s.service === 'partner-of-record-billing' && s.parentSpanId === set.spanId);
    expect(served).toEqual(expect.objectContaining({ kind: SERVER, name: 'billing PUT' }));
    expect(served!.attributes['http.response.status_code']).toBe(200);
    // The turn's store commits are one child span, with how many writes of which families.
    const commit = inTrace.find((s) => s.name === 'store.commit' && s.parentSpanId === confirmTurn.spanId);
    expect(String(commit?.attributes['store.families'])).toContain('draft');
    expect(Number(commit?.attributes['store.writes'])).toBeGreaterThan(1);
    expect(inTrace.some((s) => s.name === 'directory.getUserRoles')).toBe(true);
  });

  test('metrics: turns by intent and outcome, latency, changes by result, billing duration by status, outbox depth', () => {
    const names = new Set(receiver.metrics.map((m) => m.name));
    for (const n of ['bot.turns', 'bot.turn.duration', 'bot.changes', 'bot.billing.duration', 'bot.directory.duration', 'bot.outbox.depth']) expect(names).toContain(n);
    const turnsBy = receiver.metrics.filter((m) => m.name === 'bot.turns').flatMap((m) => m.attributes);
    expect(turnsBy).toEqual(expect.arrayContaining([expect.objectContaining({ activity_type: 'message', intent: 'add_partner', decision: 'act', outcome: 'ok' })]));
    const changes = receiver.metrics.filter((m) => m.name === 'bot.changes').flatMap((m) => m.attributes);
    expect(changes).toEqual(expect.arrayContaining([expect.objectContaining({ result: 'applied', action: 'set_partner' })]));
    const billingBy = receiver.metrics.filter((m) => m.name === 'bot.billing.duration').flatMap((m) => m.attributes);
    expect(billingBy).toEqual(expect.arrayContaining([expect.objectContaining({ operation: 'setPartnerOfRecord', status: 'ok' })]));
  });

  test('log lines written during a turn carry its trace and span, on stdout and in the exported logs', () => {
    const confirmTurn = turns().find((s) => s.attributes['activity.name'] === 'adaptiveCard/action')!;
    const applied = bot.logs.find((l) => l.msg === 'draft applied');
    expect(applied?.trace_id).toBe(confirmTurn.traceId);
    expect(typeof applied?.span_id).toBe('string');
    const exported = receiver.logs.find((l) => l.body === 'draft applied');
    expect(exported?.traceId).toBe(confirmTurn.traceId);
  });

  test('no exported payload holds what the admin typed', () => {
    expect(receiver.raw.length).toBeGreaterThan(0);
    expect(receiver.received(TYPED_MARKER)).toBe(false);
    expect(receiver.received(TYPED_COMPANY)).toBe(false);
    expect(receiver.received('add partner 1234567')).toBe(false);
  });
});

test('a language model read (NLU_LLM): a client span in the turn with its model, result and tokens, the turn\'s llm result, metrics; never the message', async () => {
  const receiver = await new OtlpReceiver().start();
  const model = await new FakeChatCompletions().start();
  model.answer = () => ({ content: JSON.stringify(reading({ intent: 'unknown', confidence: 0.9 })), promptTokens: 1200, completionTokens: 30 });
  const connector = await new LocalConnector().start();
  const bot = await BotProcess.start(
    { DATA_DIR: join(dir, 'llm'), OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', ...FAST_EXPORT, NLU_LLM: 'unsure', LLM_BASE_URL: model.baseUrl, LLM_MODEL: 'gpt-4.1-mini', LLM_AUTH: 'none' },
    connector,
  );
  try {
    // A look-alike the classifier is unsure about, with a marker only the admin typed.
    expect((await bot.post(message(alex, connector.url, `can you add Megan to the partner channel ${TYPED_MARKER}`))).status).toBe(200);
    await bot.stop();
    expect(model.received).toHaveLength(1);
    const turn = receiver.spans.find((s) => s.kind === SERVER && s.attributes['bot.llm'] !== undefined)!;
    expect(turn.attributes).toEqual(expect.objectContaining({ 'bot.llm': 'used', 'bot.intent': 'unknown' }));
    const chat = receiver.spans.find((s) => s.name === 'chat gpt-4.1-mini')!;
    expect(chat).toEqual(expect.objectContaining({ kind: CLIENT, traceId: turn.traceId, parentSpanId: turn.spanId }));
    expect(chat.attributes).toEqual(expect.objectContaining({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4.1-mini', 'llm.result': 'ok', 'llm.tokens': 1230 }));
    const names = new Set(receiver.metrics.map((m) => m.name));
    for (const n of ['bot.llm.duration', 'bot.llm.tokens']) expect(names).toContain(n);
    expect(receiver.metrics.filter((m) => m.name === 'bot.turns').flatMap((m) => m.attributes)).toEqual(expect.arrayContaining([expect.objectContaining({ language_model: 'used' })]));
    expect(receiver.received(TYPED_MARKER)).toBe(false);
    expect(receiver.received('partner channel')).toBe(false);
  } finally {
    await bot.stop();
    await connector.stop();
    await model.stop();
    await receiver.stop();
  }
}, 60_000);

test('OTLP over http/protobuf: turn spans and their children arrive, decoded, with their attributes', async () => {
  const receiver = await new OtlpReceiver().start();
  const connector = await new LocalConnector().start();
  const bot = await BotProcess.start({ DATA_DIR: join(dir, 'proto'), OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', ...FAST_EXPORT }, connector);
  try {
    await changeOnce(bot, connector);
    await bot.stop();
    expect(receiver.raw.every((r) => r.contentType === 'application/x-protobuf')).toBe(true);
    const turn = receiver.spans.find((s) => s.kind === SERVER && s.attributes['bot.intent'] === 'add_partner');
    expect(turn?.attributes).toEqual(expect.objectContaining({ 'bot.decision': 'act', 'activity.type': 'message' }));
    expect(receiver.spans.some((s) => s.name === 'billing.setPartnerOfRecord' && s.kind === CLIENT)).toBe(true);
    expect(receiver.metrics.map((m) => m.name)).toContain('bot.turns');
    expect(receiver.received(TYPED_MARKER) || receiver.received(TYPED_COMPANY)).toBe(false);
  } finally {
    await bot.stop();
    await connector.stop();
    await receiver.stop();
  }
}, 60_000);

test('Azure Monitor: the distro sends requests, dependencies, traces and the bot\'s metrics to the ingestion endpoint of the connection string', async () => {
  const ingestion = await new AzureMonitorIngestion().start();
  writeFileSync(join(dir, 'ingestion-ca.pem'), ingestion.ca);
  const connector = await new LocalConnector().start();
  const bot = await BotProcess.start({ DATA_DIR: join(dir, 'azmon'), APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString, NODE_EXTRA_CA_CERTS: join(dir, 'ingestion-ca.pem'), ...FAST_EXPORT }, connector);
  try {
    await changeOnce(bot, connector);
    // A stop flushes what is buffered: nothing is lost to the exporter's batching.
    await bot.stop();
    expect(await bot.exited()).toEqual({ code: 0, signal: null });
    await waitFor(() => (ingestion.of('RequestData').length > 0 ? true : undefined), 5_000, 'request telemetry');
    const requests = ingestion.of('RequestData').map((e) => e.data.baseData);
    expect(requests.map((r) => r.name)).toEqual(expect.arrayContaining(['turn message', 'turn adaptiveCard/action']));
    expect(requests.find((r) => r.properties?.['bot.intent'] === 'add_partner')?.properties).toEqual(expect.objectContaining({ 'bot.decision': 'act', 'tenant.id': alex.tenantId }));
    const dependencies = ingestion.of('RemoteDependencyData').map((e) => e.data.baseData.name);
    expect(dependencies).toEqual(expect.arrayContaining(['billing.setPartnerOfRecord', 'directory.getUserRoles']));
    const confirm = ingestion.of('RequestData').find((e) => e.data.baseData.name === 'turn adaptiveCard/action')!;
    const set = ingestion.of('RemoteDependencyData').find((e) => e.data.baseData.name === 'billing.setPartnerOfRecord')!;
    expect(set.tags['ai.operation.id']).toBe(confirm.tags['ai.operation.id']);
    expect(ingestion.of('MessageData').map((e) => e.data.baseData.message)).toContain('draft applied');
    // The bot's metrics, as customMetrics: each point a metric with its attributes as custom dimensions.
    const metrics = ingestion.of('MetricData').flatMap((e) => (e.data.baseData.metrics as { name: string; value: number; count?: number }[]).map((m) => ({ ...m, properties: e.data.baseData.properties })));
    // Two messages asked to add a partner (changeOnce); the confirmation is an invoke of its own. Azure Monitor
    // takes deltas, so the count may come in more than one export: their sum is the count.
    const total = (pick: (m: (typeof metrics)[number]) => boolean) => metrics.filter(pick).reduce((n, m) => n + m.value, 0);
    expect(total((m) => m.name === 'bot.turns' && m.properties?.intent === 'add_partner')).toBe(2);
    expect(total((m) => m.name === 'bot.turns' && m.properties?.activity_type === 'invoke')).toBe(1);
    expect(metrics.find((m) => m.name === 'bot.changes')?.properties).toEqual(expect.objectContaining({ result: 'applied', action: 'set_partner' }));
    expect(metrics.filter((m) => m.name === 'bot.billing.duration' && m.properties?.operation === 'setPartnerOfRecord').reduce((n, m) => n + (m.count ?? 0), 0)).toBe(1);
    expect(ingestion.received(TYPED_MARKER) || ingestion.received(TYPED_COMPANY)).toBe(false);
  } finally {
    await bot.stop();
    await connector.stop();
    await ingestion.stop();
  }
}, 60_000);

test("Azure Monitor with Entra ingestion: the bot's managed identity signs every telemetry request, no key used", async () => {
  const ingestion = await new AzureMonitorIngestion().start();
  const entra = await new FakeEntra().start();
  const keys = await new FakeBotFrameworkKeys().start();
  const appId = '2f4e6a8c-0b1d-4e3f-8a5b-7c9d0e1f2a3b';
  entra.managedIdentities.push({ clientId: appId, tenantId: alex.tenantId });
  writeFileSync(join(dir, 'ingestion-ca-2.pem'), ingestion.ca);
  const connector = await new LocalConnector().start();
  const bot = await BotProcess.start(
    {
      DATA_DIR: join(dir, 'azmon-mi'),
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppId: appId,
      MicrosoftAppTenantId: alex.tenantId,
      IDENTITY_ENDPOINT: entra.identityEndpoint,
      IDENTITY_HEADER: entra.identityHeader,
      BOT_OPENID_METADATA_URL: keys.metadataUrl,
      APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString,
      APPLICATIONINSIGHTS_AUTH: 'managedIdentity',
      NODE_EXTRA_CA_CERTS: join(dir, 'ingestion-ca-2.pem'),
    },
    connector,
  );
  try {
    const activity = message(alex, connector.url, 'who are our partners?');
    expect((await bot.post(activity, { authorization: `Bearer ${keys.mint({ aud: appId, serviceurl: activity.serviceUrl })}` })).status).toBe(200);
    await bot.stop();
    expect(ingestion.of('RequestData').length).toBeGreaterThan(0);
    expect(ingestion.authorizations.length).toBeGreaterThan(0);
    for (const header of ingestion.authorizations) {
      expect(entra.issuedToken(header?.replace(/^Bearer /, ''))).toEqual(expect.objectContaining({ clientId: appId, how: 'managedIdentity', resource: 'https://monitor.azure.com' }));
    }
  } finally {
    await bot.stop();
    await connector.stop();
    await keys.stop();
    await entra.stop();
    await ingestion.stop();
  }
}, 60_000);

/** Span ids from a span up to its trace's root. */
function ancestors(span: ReceivedSpan, all: ReceivedSpan[]): string[] {
  const out: string[] = [];
  let parent = span.parentSpanId;
  while (parent) {
    out.push(parent);
    parent = all.find((s) => s.spanId === parent)?.parentSpanId ?? '';
  }
  return out;
}

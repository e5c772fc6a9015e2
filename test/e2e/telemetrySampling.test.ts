import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BillingProcess } from '../support/billingProcess';
import { BotProcess, waitFor } from '../support/botProcess';
import { alex, wingtipAdmin } from '../support/demoUsers';
import { LocalConnector } from '../support/localConnector';
import { message } from '../support/teamsActivities';
import { FAST_EXPORT, OtlpReceiver, SPAN_KIND } from '../support/telemetryReceivers';

/**
 * A burst beyond TELEMETRY_TRACES_PER_SECOND: the turns over the rate record no span, yet every turn is
 * counted in the metrics, every log line still names a trace on stdout, and a left-out turn's warning is
 * exported while its info lines are not. The HTTP billing service follows the bot's decision: it records
 * spans for the traced turn's calls only.
 */
const SERVER = SPAN_KIND.server;

let dir: string;
let receiver: OtlpReceiver;
let connector: LocalConnector;
let billing: BillingProcess;
let bot: BotProcess;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'por-sampling-'));
  receiver = await new OtlpReceiver().start();
  connector = await new LocalConnector().start();
  const otlp = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', ...FAST_EXPORT };
  billing = await BillingProcess.start({ BILLING_SERVE_DB: join(dir, 'billing.sqlite'), ...otlp });
  // One trace a second; Wingtip is not an allowed tenant, so its admin's message is refused with a warning.
  bot = await BotProcess.start(
    { DATA_DIR: join(dir, 'data'), BILLING_BACKEND: 'http', BILLING_BASE_URL: billing.baseUrl, TELEMETRY_TRACES_PER_SECOND: '1', ALLOWED_TENANTS: alex.tenantId, ...otlp },
    connector,
  );
}, 60_000);
afterAll(async () => {
  await bot?.stop();
  await billing?.stop();
  await connector?.stop();
  await receiver?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a burst over the rate: spans for the first turn only, every turn counted, warnings still exported', async () => {
  for (let i = 0; i < 6; i++) expect((await bot.post(message(alex, connector.url, 'who are our partners?'))).status).toBe(200);
  expect((await bot.post(message(wingtipAdmin, connector.url, 'who are our partners?'))).status).toBe(200);

  const turnsCounted = () =>
    receiver.metrics
      .filter((m) => m.name === 'bot.turns')
      .map((m) => m.values!.reduce((a, b) => a + b, 0))
      .reduce((a, b) => Math.max(a, b), 0);
  await waitFor(() => (turnsCounted() >= 7 ? true : undefined), 10_000, 'seven turns in the metrics');
  const turnSpans = receiver.spans.filter((s) => s.kind === SERVER && s.service === 'partner-of-record-bot');
  expect(turnSpans).toHaveLength(1);
  // The billing service served every turn's calls, and recorded only the traced turn's, in its trace.
  const served = receiver.spans.filter((s) => s.service === 'partner-of-record-billing');
  expect(served.length).toBeGreaterThan(0);
  expect(served.filter((s) => s.traceId !== turnSpans[0]!.traceId).map((s) => s.name)).toEqual([]);
  expect(turnsCounted()).toBe(7);

  // Every turn's lines name a trace on stdout; the left-out ones say so (W3C trace flags 00).
  const received = bot.logs.filter((l) => l.msg === 'activity received');
  expect(received).toHaveLength(7);
  expect(received.filter((l) => l.trace_flags === '01')).toHaveLength(1);
  expect(received.every((l) => typeof l.trace_id === 'string' && l.trace_id.length === 32)).toBe(true);

  // Exported: the traced turn's info lines and the refused tenant's warning (a left-out turn), nothing else.
  const refused = bot.logs.find((l) => String(l.msg).startsWith('tenant not allowed'));
  expect(refused?.trace_flags).toBe('00');
  await waitFor(() => receiver.logs.find((l) => l.body.startsWith('tenant not allowed')), 10_000, 'the refused tenant\'s warning exported');
  expect(receiver.logs.find((l) => l.body.startsWith('tenant not allowed'))?.traceId).toBe(refused.trace_id);
  expect(receiver.logs.filter((l) => l.body === 'activity received')).toHaveLength(1);
}, 60_000);

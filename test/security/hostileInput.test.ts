import fc from 'fast-check';
import { request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { CONTOSO, FOURTH_COFFEE, SUBS, WINGTIP } from '../../bot/demo/demoData';
import { BotHarness } from '../support/botHarness';
import { cardText } from '../support/cards';
import { alex, megan } from '../support/demoUsers';
import { lastCard, press } from '../support/flowHelpers';
import { cardAction, message } from '../support/teamsActivities';

let bot: BotHarness;
beforeAll(async () => {
  bot = await new BotHarness().start();
});
afterAll(async () => {
  await bot.stop();
});

/** Everything billing knows, in every demo tenant, plus the audit trail: must not move under hostile input. */
const billingState = async () => {
  const tenants = [CONTOSO, WINGTIP, FOURTH_COFFEE];
  const subs = await Promise.all(tenants.map((t) => bot.app.services.billing.listSubscriptions(t).catch(() => [])));
  const audit = await Promise.all(tenants.map((t) => bot.app.services.audit.recent(t, 10_000)));
  return JSON.stringify({ subs, audit: audit.map((a) => a.filter((e) => e.outcome === 'applied').length) });
};

/** Raw POST (any bytes, any headers), so tests are not limited to what JSON.stringify makes. */
function rawPost(body: Buffer | string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${bot.server.url}/api/messages`);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const hostileString = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.constantFrom(
    '**[click](http://evil.example.com)**',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '${7*7}',
    '{{constructor.constructor("return process")()}}',
    "'; DROP TABLE records; --",
    '../../../etc/passwd',
    '\u0000\u202e\ud800',
    '__proto__',
    'draft.confirm',
    'c0a10001-0000-4000-8000-000000000002',
    '00000000-0000-4000-8000-000000000000',
    '9'.repeat(400),
  ),
  fc.string({ minLength: 1, maxLength: 4 }).map((s) => s.repeat(5_000)),
);
const anyValue = fc.oneof(fc.constant(null), fc.constant(undefined), fc.boolean(), fc.integer(), fc.double(), hostileString, fc.array(hostileString, { maxLength: 3 }), fc.dictionary(hostileString, hostileString, { maxKeys: 3 }));
const tenant = fc.constantFrom(CONTOSO, WINGTIP, FOURTH_COFFEE, '00000000-0000-0000-0000-000000000000', 'not-a-tenant', '');
const verb = fc.oneof(fc.constantFrom('draft.confirm', 'draft.check', 'draft.review', 'draft.cancel', 'menu.view', 'menu.add', 'menu.removeReseller', 'admin.dropTables', '__proto__', 'constructor', 'toString'), hostileString);
const cardData = fc.record(
  {
    draftId: fc.oneof(fc.uuid(), anyValue),
    subscriptionIds: fc.oneof(fc.constantFrom(Object.values(SUBS).join(','), `${SUBS.e3},${SUBS.wingtipStandard}`), anyValue),
    partnerId: fc.oneof(fc.constantFrom('1234567', '4391507', ' 1234567 ', '-1', '1e6'), anyValue),
    tenantId: tenant,
    version: anyValue,
  },
  { requiredKeys: [] },
);

/** A valid Teams activity with some fields replaced by wrong types or hostile values, or deleted. */
const hostileActivity = fc
  .record({
    kind: fc.constantFrom('message', 'invoke', 'submit'),
    text: hostileString,
    verb,
    data: cardData,
    name: hostileString,
    tenantId: tenant,
    mutations: fc.array(fc.tuple(fc.constantFrom('type', 'name', 'id', 'channelId', 'serviceUrl', 'from', 'from.aadObjectId', 'from.name', 'conversation', 'conversation.id', 'channelData', 'channelData.tenant.id', 'recipient', 'value', 'value.action', 'value.action.verb', 'value.action.data', 'locale', 'text', 'name', 'timestamp', 'replyToId'), fc.oneof(anyValue, fc.constant('__delete__'))), { maxLength: 3 }),
  })
  .map(({ kind, text, verb: v, data, name, tenantId, mutations }) => {
    const user = { tenantId, aadObjectId: alex.aadObjectId, name, locale: 'en-US' };
    const a: any =
      kind === 'message'
        ? message(user, bot.connector.url, text)
        : kind === 'invoke'
          ? cardAction(user, bot.connector.url, v, data as Record<string, unknown>)
          : message(user, bot.connector.url, '', { value: { verb: v, ...data } });
    for (const [path, value] of mutations) {
      const keys = path.split('.');
      let node = a;
      for (const k of keys.slice(0, -1)) node = node && typeof node === 'object' ? node[k] : undefined;
      if (node && typeof node === 'object') {
        if (value === '__delete__') delete node[keys.at(-1)!];
        else node[keys.at(-1)!] = value;
      }
    }
    return a;
  });

test('a thousand malformed and hostile activities: 4xx or an answer, never a 5xx, no billing change', async () => {
  const before = await billingState();
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(hostileActivity, async (activity) => {
      const res = await bot.post(activity);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      // 501 is the protocol's answer to an invoke name the bot does not implement (e.g. "task/fetch"), not a failure.
      if (!(res.status === 501 && activity.type === 'invoke' && typeof activity.name === 'string' && activity.name !== 'adaptiveCard/action')) {
        expect(res.status).toBeLessThan(500);
      }
      // Whatever the bot said, it said it in its own words.
      expect(JSON.stringify(res.body ?? '')).not.toMatch(/at .+\.(ts|js):\d+|TypeError|ZodError|SQLITE/);
    }),
    { numRuns: 1000, seed: 7 },
  );
  expect(await billingState()).toBe(before);
  // The mix really exercised both sides: refusals and answered turns.
  expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
  expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
}, 60_000);

test('arbitrary JSON and non-JSON bodies are refused with 4xx and our own words', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'), fc.string({ maxLength: 200 })), async (body) => {
      const res = await rawPost(body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.text).not.toMatch(/Unexpected token|SyntaxError|position \d+/);
    }),
    { numRuns: 600, seed: 11 },
  );
  const health = await fetch(`${bot.server.url}/healthz`);
  expect(health.status).toBe(200);
}, 60_000);

test('deeply nested JSON is refused before any bot code', async () => {
  const deepArray = '['.repeat(100_000) + ']'.repeat(100_000);
  expect((await rawPost(deepArray)).status).toBe(400);
  const activity: any = message(alex, bot.connector.url, 'hi');
  let node: any = {};
  activity.value = node;
  for (let i = 0; i < 1_000; i++) node = node.x = {};
  const res = await bot.post(activity);
  expect(res.status).toBe(400);
  expect(res.body).toEqual({ error: { code: 'BadRequest', message: 'The activity is nested too deeply.' } });
});

test('oversized bodies are refused before parsing: 413 on the declared length, also when streamed chunked', async () => {
  const big = JSON.stringify(message(alex, bot.connector.url, 'x'.repeat(300 * 1024)));
  const declared = await rawPost(big);
  expect(declared.status).toBe(413);
  expect(JSON.parse(declared.text)).toEqual({ error: { code: 'PayloadTooLarge', message: 'The body is larger than 262144 bytes.' } });
  // No content-length: restify reads to the end but keeps at most the limit in memory.
  const chunked = await rawPost(Buffer.alloc(2 * 1024 * 1024, 'a'), { 'transfer-encoding': 'chunked' });
  expect(chunked.status).toBe(413);
  expect(JSON.parse(chunked.text)).toEqual({ error: { code: 'PayloadTooLarge', message: 'The body is too large.' } });
});

test('an activity streamed in small chunks with no declared length is read whole and answered', async () => {
  const body = Buffer.from(JSON.stringify(message(alex, bot.connector.url, 'who are our partners?')));
  const status = await new Promise<number>((resolve, reject) => {
    const url = new URL(`${bot.server.url}/api/messages`);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    for (let i = 0; i < body.length; i += 64) req.write(body.subarray(i, i + 64));
    req.end();
  });
  expect(status).toBe(200);
});

test('compressed bodies are refused (a 200 KB gzip could expand to hundreds of megabytes)', async () => {
  const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, ' '));
  expect(bomb.length).toBeLessThan(256 * 1024);
  const res = await rawPost(bomb, { 'content-encoding': 'gzip' });
  expect(res.status).toBe(415);
});

test('markdown and HTML in a user name are escaped on the cards that show it', async () => {
  const hostile = { ...megan, name: '**[click](http://evil.example.com)** <script>alert(1)</script>' };
  const confirm = lastCard(await bot.say(hostile, 'add partner 1234567 to E3'));
  const done = await press(bot, hostile, confirm, 'draft.confirm');
  const text = cardText(done.card);
  expect(text).toContain('By \\*\\*\\[click\\](http://evil.example.com)\\*\\* \\<script\\>alert(1)\\</script\\>');
  // No unescaped link or tag survives anywhere on the card.
  expect(text).not.toMatch(/(^|[^\\])\[click(^|[^\\])\]\(/);
  expect(text).not.toMatch(/(^|[^\\])<script/);
});

test('memory stays flat over a large batch of hostile requests', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const batch = fc.sample(hostileActivity, { numRuns: 200, seed: 3 });
  const run = async () => {
    for (const a of batch) await bot.post(a);
  };
  await run(); // warm-up: caches, JIT, SQLite pages
  gc();
  const before = process.memoryUsage().heapUsed;
  await run();
  await run();
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  // Generous: 400 more requests with strings up to 20 KB each must not leave 40 MB behind.
  expect(grown).toBeLessThan(40 * 1024 * 1024);
}, 60_000);

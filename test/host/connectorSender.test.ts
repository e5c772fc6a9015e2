import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CardFactory, MessageFactory, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { ConnectorClient } from 'botframework-connector';
import { ConnectorSender, type RequestSigner } from '../../bot/host/connectorSender';
import { LocalConnector } from '../support/localConnector';

/** Signs as AppCredentials does once it holds a token. */
const signer: RequestSigner & { calls: number } = {
  calls: 0,
  async signRequest(webResource) {
    this.calls++;
    webResource.headers.set('Authorization', `Bearer token-${this.calls}`);
    return webResource;
  },
};

let connector: LocalConnector;
let sender: ConnectorSender;
beforeEach(async () => {
  connector = await new LocalConnector().start();
  sender = new ConnectorSender({ retry: { baseDelayMs: 5, maxDelayMs: 50 }, timeoutMs: 300 });
  signer.calls = 0;
});
afterEach(async () => {
  sender.close();
  await connector.stop();
});

function reply(text: string, replyTo?: string): Partial<Activity> {
  const reference: Partial<ConversationReference> = {
    activityId: replyTo,
    bot: { id: 'bot-id', name: 'Partner of record' },
    user: { id: '29:user', name: 'Alex', aadObjectId: 'aad-user' },
    conversation: { id: 'a:personal/conversation id', conversationType: 'personal', tenantId: 'tenant', isGroup: false, name: '' },
    channelId: 'msteams',
    locale: 'en-US',
    serviceUrl: connector.url,
  };
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text, wrap: true }] }));
  return TurnContext.applyConversationReference(activity, reference);
}

test("a reply, a new message and an update reach the connector as botbuilder's own client sends them", async () => {
  const client = new ConnectorClient(signer as never, { baseUri: connector.url });
  const cases: [string, (a: Partial<Activity>) => Promise<unknown>, (a: Partial<Activity>) => Promise<unknown>, Partial<Activity>][] = [
    ['reply', (a) => client.conversations.replyToActivity(a.conversation!.id, a.replyToId!, a), (a) => sender.send(connector.url, signer, a), reply('Reply to you', 'f:1234/5')],
    ['new message', (a) => client.conversations.sendToConversation(a.conversation!.id, a), (a) => sender.send(connector.url, signer, a), reply('A new message')],
    ['update', (a) => client.conversations.updateActivity(a.conversation!.id, a.id!, a), (a) => sender.update(connector.url, signer, a), { ...reply('Updated'), id: 'activity 7' }],
  ];
  for (const [name, viaBotbuilder, viaSender, activity] of cases) {
    connector.clear();
    await viaBotbuilder(structuredClone(activity));
    await viaSender(structuredClone(activity));
    const [theirs, ours] = connector.received;
    expect({ name, method: ours!.method, path: ours!.path, body: ours!.body }).toEqual({ name, method: theirs!.method, path: theirs!.path, body: theirs!.body });
    expect(ours!.authorization).toMatch(/^Bearer token-\d+$/);
  }
  expect(connector.received.at(-1)!.path).toBe('/v3/conversations/a%3Apersonal%2Fconversation%20id/activities/activity%207');
});

test("a service URL with a regional path (Teams' /amer, /emea …) keeps it, with or without a trailing slash", async () => {
  for (const serviceUrl of [`${connector.url}amer`, `${connector.url}amer/`]) {
    connector.clear();
    const activity = { ...reply('Regional', 'f:9'), serviceUrl };
    await new ConnectorClient(signer as never, { baseUri: serviceUrl }).conversations.replyToActivity(activity.conversation!.id, activity.replyToId!, structuredClone(activity));
    await sender.send(serviceUrl, signer, structuredClone(activity));
    const [theirs, ours] = connector.received;
    expect(ours!.path).toBe('/amer/v3/conversations/a%3Apersonal%2Fconversation%20id/activities/f%3A9');
    expect(ours!.path).toBe(theirs!.path);
  }
});

test('the id the connector gave the message is returned', async () => {
  const response = await sender.send(connector.url, signer, reply('hello', 'f:1'));
  expect(response.id).toBe(connector.received[0]!.createdId);
});

test('a 429 or 503 with Retry-After is retried after it, and a 500 with backoff; each try is signed again', async () => {
  connector.faults.push({ status: 429, headers: { 'retry-after': '0' } }, { status: 503, headers: { 'retry-after-ms': '20' } }, { status: 500 });
  await sender.send(connector.url, signer, reply('after three failures', 'f:1'));
  expect(connector.faults).toHaveLength(0);
  expect(connector.received).toHaveLength(1);
  expect(signer.calls).toBe(4);
});

test("the connector's Retry-After is waited for, not the backoff", async () => {
  const patient = new ConnectorSender({ retry: { baseDelayMs: 1, maxDelayMs: 2000 } });
  for (const headers of [{ 'retry-after': '1' }, { 'retry-after-ms': '300' }, { 'x-ms-retry-after-ms': '300' }] as Record<string, string>[]) {
    for (const status of [429, 503]) {
      connector.faults.push({ status, headers });
      const started = Date.now();
      await patient.send(connector.url, signer, reply('later', 'f:1'));
      expect({ status, headers, waited: Date.now() - started >= 290 }).toEqual({ status, headers, waited: true });
    }
  }
  patient.close();
  expect(connector.received).toHaveLength(6);
});

test('after three retries the last answer is thrown, readable as botbuilder\'s RestError', async () => {
  for (let i = 0; i < 5; i++) connector.faults.push({ status: 429, headers: { 'retry-after': '0' }, body: { error: { code: 'Throttled', message: 'slow down' } } });
  type Thrown = { statusCode: number; code: string; message: string; response: { headers: { get(n: string): string | undefined } } };
  const error = (await sender.send(connector.url, signer, reply('x', 'f:1')).then(
    () => undefined,
    (e: unknown) => e,
  )) as Thrown;
  expect(error).toMatchObject({ statusCode: 429, code: 'Throttled', message: 'slow down' });
  expect(error.response.headers.get('Retry-After')).toBe('0');
  expect(connector.faults).toHaveLength(1); // four tries: the first and three retries
  expect(connector.received).toHaveLength(0);
});

test('a refusal (403, 404, 400) is thrown at once, not retried', async () => {
  for (const status of [403, 404, 400]) {
    connector.faults.push({ status, body: { error: { code: `Code${status}`, message: `status ${status}` } } }, { status: 500 });
    await expect(sender.send(connector.url, signer, reply('x', 'f:1'))).rejects.toMatchObject({ statusCode: status, code: `Code${status}` });
    expect(connector.faults).toEqual([{ status: 500 }]);
    connector.faults.length = 0;
  }
  expect(connector.received).toHaveLength(0);
});

describe('when the connector does not answer', () => {
  let silent: Server;
  let requests = 0;
  beforeEach(async () => {
    requests = 0;
    silent = createServer(() => requests++); // takes the request, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  test('a try without an answer times out and is retried; the error names the timeout', async () => {
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    await expect(sender.send(url, signer, reply('x', 'f:1'))).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(requests).toBe(4);
  });
});

test('a refused connection is retried, then thrown with its code', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  await expect(sender.send(url, signer, reply('x', 'f:1'))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  expect(signer.calls).toBe(4);
});

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpBillingService } from '../../bot/billing/http/httpBillingService';
import { CONTOSO, SUBS, USERS } from '../../bot/demo/demoData';
import { DomainError } from '../../bot/domain/errors';
import { serveEmbeddedBilling, type ServedBilling } from '../support/billingHttpHarness';

/** Faults are injected by a real server in front of the real handler; the client is the production one. */
describe('HttpBillingService against a faulty server', () => {
  let served: ServedBilling | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  const seen: Array<{ method?: string; url?: string; key?: string }> = [];
  beforeEach(() => {
    seen.length = 0;
  });
  const record = (req: IncomingMessage) => seen.push({ method: req.method, url: req.url, key: req.headers['idempotency-key'] as string | undefined });

  it('retries a GET after a 503 with Retry-After, and succeeds', async () => {
    let failures = 1;
    served = await serveEmbeddedBilling({}, (real) => (req, res) => {
      record(req);
      if (failures-- > 0) {
        res.writeHead(503, { 'retry-after': '0', 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'unavailable', message: 'busy' } }));
        return;
      }
      real(req, res);
    });
    const retries: string[] = [];
    const billing = new HttpBillingService({ baseUrl: served.baseUrl, retry: { baseDelayMs: 10 }, onRetry: (i) => retries.push(i.reason) });
    const subs = await billing.listSubscriptions(CONTOSO);
    expect(subs).toHaveLength(5);
    expect(seen).toHaveLength(2);
    expect(retries).toEqual(['status 503']);
  });

  it('retries a change that timed out with the same Idempotency-Key, and it is applied once', async () => {
    let holdFirst = true;
    const held: Array<() => void> = [];
    served = await serveEmbeddedBilling({}, (real) => (req, res) => {
      record(req);
      if (req.method === 'PUT' && holdFirst) {
        holdFirst = false;
        // The server applies the change but its answer is lost (held until after the client gave up).
        const end = res.end.bind(res) as (...a: unknown[]) => void;
        (res as unknown as { end: (...a: unknown[]) => void }).end = (...args: unknown[]) => held.push(() => end(...args));
      }
      real(req, res);
    });
    const billing = new HttpBillingService({ baseUrl: served.baseUrl, timeoutMs: 300, retry: { baseDelayMs: 10 } });
    const key = randomUUID();
    const result = await billing.setPartnerOfRecord({
      tenantId: CONTOSO, subscriptionId: SUBS.businessPremium, partnerId: '1234567', expectedVersion: 1, idempotencyKey: key, requestedBy: USERS.alex,
    });
    held.forEach((f) => f());

    const puts = seen.filter((s) => s.method === 'PUT');
    expect(puts).toHaveLength(2);
    expect(puts.every((p) => p.key === key)).toBe(true);
    expect(result.partnerOfRecord?.partnerId).toBe('1234567');
    expect(result.version).toBe(2);
    // Applied once: the stored version moved from 1 to 2, not 3.
    expect((await served.embedded.getSubscription(CONTOSO, SUBS.businessPremium)).version).toBe(2);
  });

  it('surfaces a 500 as unavailable without retrying it', async () => {
    served = await serveEmbeddedBilling({}, () => (req, res) => {
      record(req);
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'internal', message: 'Internal error' } }));
    });
    const billing = new HttpBillingService({ baseUrl: served.baseUrl, retry: { baseDelayMs: 10 } });
    await expect(billing.getSubscription(CONTOSO, SUBS.e3)).rejects.toMatchObject({ code: 'unavailable', details: { status: 500 } });
    expect(seen).toHaveLength(1);
  });

  it('gives up after the attempts when the server never answers in time', async () => {
    const pending: Array<() => void> = [];
    served = await serveEmbeddedBilling({}, () => (req, res) => {
      record(req);
      pending.push(() => res.end());
    });
    const billing = new HttpBillingService({ baseUrl: served.baseUrl, timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 10 } });
    const err = await billing.getAccount(CONTOSO).catch((e: unknown) => e);
    pending.forEach((f) => f());
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'unavailable' });
    expect((err as Error).message).toBe('Billing service did not answer in time');
    expect(seen).toHaveLength(2);
  });

  it('maps a 403 not_authorized from the backend to the same DomainError', async () => {
    served = await serveEmbeddedBilling({}, () => (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'not_authorized', message: 'User may not change billing', details: { userId: USERS.adele } } }));
    });
    const billing = new HttpBillingService({ baseUrl: served.baseUrl });
    const err = await billing
      .setPartnerOfRecord({ tenantId: CONTOSO, subscriptionId: SUBS.e3, partnerId: null, expectedVersion: 1, idempotencyKey: randomUUID(), requestedBy: USERS.adele })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'not_authorized', details: { userId: USERS.adele } });
  });

  it('treats a wrong API key as the operator\'s problem (unavailable), not the user\'s', async () => {
    served = await serveEmbeddedBilling({ apiKey: 'the-right-key-0123456789' });
    const billing = new HttpBillingService({ baseUrl: served.baseUrl, apiKey: 'a-wrong-key-0123456789' });
    await expect(billing.listSubscriptions(CONTOSO)).rejects.toMatchObject({ code: 'unavailable', details: { status: 401, code: 'unauthenticated' } });
  });

  it('rejects an answer outside the contract instead of passing it on', async () => {
    served = await serveEmbeddedBilling({}, () => (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ value: [{ id: 'x' }] }));
    });
    const billing = new HttpBillingService({ baseUrl: served.baseUrl });
    const err = await billing.listSubscriptions(CONTOSO).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unavailable' });
    expect((err as Error).message).toBe('Billing service answered outside its contract');
  });
});

describe('billing server input validation', () => {
  let served: ServedBilling;
  beforeAll(async () => {
    served = await serveEmbeddedBilling();
  });
  afterAll(() => served.close());
  const put = (body: unknown, headers: Record<string, string> = { 'idempotency-key': randomUUID() }) =>
    fetch(`${served.baseUrl}/v1/tenants/${CONTOSO}/subscriptions/${SUBS.businessPremium}/partner-of-record`, {
      method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it.each([
    ['missing Idempotency-Key', { partnerId: '1234567', expectedVersion: 1, requestedBy: 'x' }, {}, 400, 'bad_request'],
    ['letters in partnerId', { partnerId: '12ab', expectedVersion: 1, requestedBy: 'x' }, undefined, 400, 'bad_request'],
    ['unknown field', { partnerId: '1234567', expectedVersion: 1, requestedBy: 'x', force: true }, undefined, 400, 'bad_request'],
    ['not JSON', '{partnerId', undefined, 400, 'bad_request'],
    ['no version at all', { partnerId: '1234567', requestedBy: 'x' }, undefined, 428, 'precondition_required'],
  ])('%s is refused', async (_name, body, headers, status, code) => {
    const res = await put(body, headers);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('accepts If-Match instead of expectedVersion and returns the new ETag', async () => {
    const res = await put({ partnerId: '1234567', requestedBy: 'x' }, { 'idempotency-key': randomUUID(), 'if-match': '"1"' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
  });

  it('answers a lookup of an unknown partner with 404 unknown_partner', async () => {
    const res = await fetch(`${served.baseUrl}/v1/partners/9999999`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'unknown_partner', message: 'Partner ID 9999999 not recognized', details: { partnerId: '9999999' } } });
  });

  it('answers unknown routes and methods distinctly from a missing subscription', async () => {
    expect((await fetch(`${served.baseUrl}/v2/nothing`)).status).toBe(404);
    const wrongMethod = await fetch(`${served.baseUrl}/v1/tenants/${CONTOSO}/subscriptions`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
  });
});

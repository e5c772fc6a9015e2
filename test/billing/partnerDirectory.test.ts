import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpBillingService } from '../../bot/billing/http/httpBillingService';
import { CONTOSO } from '../../bot/demo/demoData';
import { serveEmbeddedBilling } from '../support/billingHttpHarness';
import { BotHarness } from '../support/botHarness';
import { cardText } from '../support/cards';
import { alex } from '../support/demoUsers';
import { lastCard } from '../support/flowHelpers';

/**
 * The partner directory over HTTP (GET /v1/tenants/{tenantId}/partners): read once per tenant for
 * five minutes, and optional: a billing service without the route answers 404 and the bot knows
 * partners by name from the tenant's own records only.
 */
describe('partner directory over HTTP', () => {
  const apiKey = 'directory-test-key-0123456789';

  it('is read once per tenant within five minutes, however many messages ask', async () => {
    let calls = 0;
    const served = await serveEmbeddedBilling({ apiKey }, (real) => (req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.endsWith('/partners')) calls++;
      return real(req, res);
    });
    try {
      const billing = new HttpBillingService({ baseUrl: served.baseUrl, apiKey, timeoutMs: 2000, retry: { maxAttempts: 1 } });
      const first = await billing.listPartnerNames(CONTOSO);
      expect(first.some((n) => n.name === 'Tailspin Consulting')).toBe(true);
      expect(await billing.listPartnerNames(CONTOSO)).toEqual(first);
      expect(calls).toBe(1);
    } finally {
      await served.close();
    }
  });

  it('a billing service without the route: an empty directory, not a failed turn; other errors still fail', async () => {
    let status = 404;
    const served = await serveEmbeddedBilling({ apiKey }, (real) => (req: IncomingMessage, res: ServerResponse) => {
      if (!req.url?.endsWith('/partners')) return real(req, res);
      res.writeHead(status, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'No such route', status, code: status === 404 ? 'no_route' : 'internal' }));
    });
    try {
      const billing = new HttpBillingService({ baseUrl: served.baseUrl, apiKey, timeoutMs: 2000, retry: { maxAttempts: 1 } });
      expect(await billing.listPartnerNames(CONTOSO)).toEqual([]);
      status = 500;
      const other = new HttpBillingService({ baseUrl: served.baseUrl, apiKey, timeoutMs: 2000, retry: { maxAttempts: 1 } });
      await expect(other.listPartnerNames(CONTOSO)).rejects.toMatchObject({ code: 'unavailable' });
    } finally {
      await served.close();
    }
  });

  it('a directory that fails: the bot still understands the message from the tenant\'s own records, and logs it', async () => {
    const served = await serveEmbeddedBilling({ apiKey }, (real) => (req: IncomingMessage, res: ServerResponse) => {
      if (!req.url?.endsWith('/partners')) return real(req, res);
      res.writeHead(503, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Down', status: 503, code: 'unavailable' }));
    });
    const bot = await new BotHarness({ BILLING_BACKEND: 'http', BILLING_BASE_URL: served.baseUrl, BILLING_API_KEY: apiKey }, undefined, { captureLogs: true }).start();
    try {
      const confirm = cardText(lastCard(await bot.say(alex, 'add partner 1234567 to the E5 trial')));
      expect(confirm).toContain('Microsoft 365 E5 Trial');
      expect(confirm).toContain('1234567');
      expect(bot.logs.some((l) => l.includes('partner directory unavailable'))).toBe(true);
    } finally {
      await bot.stop();
      await served.close();
    }
  });
});

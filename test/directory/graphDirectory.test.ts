import { DomainError } from '../../bot/domain/errors';
import { GraphDirectoryService, type GraphDirectoryOptions } from '../../bot/directory/graph/graphDirectoryService';
import { MsalTokenProvider } from '../../bot/directory/graph/tokenProvider';
import { CLIENT_ID, CLIENT_SECRET, FakeGraph, TEMPLATES } from '../support/fakeGraph';

const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
const DENIED = 'aaaaaaaa-0000-4000-8000-000000000002';
const UNCONSENTED = 'aaaaaaaa-0000-4000-8000-000000000003';
const ALEX = 'user-alex';
const MEGAN = 'user-megan';

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(e)}`);
  return e;
}

describe('GraphDirectoryService against a loopback Graph and token endpoint', () => {
  const fake = new FakeGraph();
  let retries: Array<{ attempt: number; reason: string; delayMs: number }>;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.graphRequests.length = 0;
    fake.tokenRequests.length = 0;
    fake.pageSize = 1;
    retries = [];
    fake.tenants.clear();
    fake.tenants.set(TENANT, {
      displayName: 'Contoso',
      users: { [ALEX]: [TEMPLATES.userAdmin, TEMPLATES.globalAdmin, TEMPLATES.globalReader], [MEGAN]: [TEMPLATES.billingAdmin] },
      subscriptions: [
        { id: 's1', commerceSubscriptionId: 'c1', skuId: 'k1', skuPartNumber: 'SPB', status: 'Enabled', isTrial: false, totalLicenses: 25, ownerTenantId: null },
        { id: 's2', commerceSubscriptionId: 'c2', skuId: 'k2', skuPartNumber: 'SPE_E5', status: 'Warning', isTrial: true, totalLicenses: 25, ownerTenantId: 'partner-tenant' },
        { id: 's3', commerceSubscriptionId: 'c3', skuId: 'k3', skuPartNumber: 'TEAMS_ESSENTIALS_AAD', status: 'Suspended', isTrial: false, totalLicenses: 5 },
      ],
    });
    fake.tenants.set(DENIED, { displayName: 'Denied', users: { [ALEX]: [] }, subscriptions: [], graphDenied: true });
    fake.tenants.set(UNCONSENTED, { displayName: 'Unconsented', users: {}, subscriptions: [], notConsented: true });
  });

  function directory(over: Partial<GraphDirectoryOptions> = {}): GraphDirectoryService {
    const tokens = new MsalTokenProvider({ clientId: CLIENT_ID, proof: { secret: CLIENT_SECRET }, loginUrl: fake.loginUrl, graphUrl: fake.graphUrl, timeoutMs: 2000, ca: fake.ca });
    return new GraphDirectoryService({
      graphUrl: fake.graphUrl,
      loginUrl: fake.loginUrl,
      clientId: CLIENT_ID,
      tokens,
      roleCacheSeconds: 300,
      roleCacheSize: 100,
      retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 1500, timeoutMs: 300 },
      onRetry: (r) => retries.push(r),
      ...over,
    });
  }

  it('reads a user\'s admin roles across pages with an MSAL client-credential token', async () => {
    const roles = await directory().getUserRoles(TENANT, ALEX);
    expect(roles.sort()).toEqual(['GlobalAdministrator', 'GlobalReader']);
    // Three roles, one per page: the client followed @odata.nextLink twice, token attached each time.
    expect(fake.graphRequests).toHaveLength(3);
    expect(decodeURIComponent(fake.graphRequests[1].path)).toContain('$select=id,roleTemplateId&$skiptoken=b2Zmc2V0PTE');
    expect(decodeURIComponent(fake.graphRequests[2].path)).toContain('$skiptoken=b2Zmc2V0PTI');
    expect(fake.graphRequests.every((r) => r.authorization?.startsWith('Bearer fake-token-'))).toBe(true);
    expect(fake.tokenRequests).toHaveLength(1);
    expect(fake.tokenRequests[0].form.get('grant_type')).toBe('client_credentials');
  });

  it('caches roles per user and tokens per tenant', async () => {
    const dir = directory();
    expect(await dir.getUserRoles(TENANT, MEGAN)).toEqual(['BillingAdministrator']);
    expect(await dir.getUserRoles(TENANT, MEGAN)).toEqual(['BillingAdministrator']);
    expect(fake.graphRequests).toHaveLength(1);
    await dir.getUserRoles(TENANT, ALEX);
    expect(fake.tokenRequests).toHaveLength(1); // the tenant's token was reused from MSAL's cache
  });

  it('sees a role change at once when the role cache is off', async () => {
    const dir = directory({ roleCacheSeconds: 0 });
    expect(await dir.getUserRoles(TENANT, MEGAN)).toEqual(['BillingAdministrator']);
    fake.tenants.get(TENANT)!.users[MEGAN] = [];
    expect(await dir.getUserRoles(TENANT, MEGAN)).toEqual([]);
  });

  it('keeps the role cache bounded: the least recently used user is fetched again', async () => {
    const dir = directory({ roleCacheSize: 1 });
    await dir.getUserRoles(TENANT, MEGAN);
    await dir.getUserRoles(TENANT, ALEX); // evicts Megan
    const before = fake.graphRequests.length;
    await dir.getUserRoles(TENANT, MEGAN);
    expect(fake.graphRequests.length).toBe(before + 1);
  });

  it('waits for Retry-After on 429 and then succeeds', async () => {
    fake.fail({ pathIncludes: '/transitiveMemberOf', status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'TooManyRequests', message: 'throttled' } } });
    const started = Date.now();
    expect(await directory().getUserRoles(TENANT, MEGAN)).toEqual(['BillingAdministrator']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(retries).toEqual([{ attempt: 1, reason: 'status 429', delayMs: 1000 }]);
  });

  it('does not wait for a Retry-After longer than its cap: directory_unavailable at once', async () => {
    fake.fail({ pathIncludes: '/transitiveMemberOf', status: 429, headers: { 'retry-after': '120' } });
    const e = await rejection(directory().getUserRoles(TENANT, MEGAN));
    expect(e.code).toBe('directory_unavailable');
    expect(e.details).toMatchObject({ status: 429, retryAfterSeconds: '120' });
    expect(fake.graphRequests).toHaveLength(1);
  });

  it('retries 503 with backoff and gives up after the attempts', async () => {
    for (let i = 0; i < 3; i++) fake.fail({ pathIncludes: '/organization', status: 503 });
    const e = await rejection(directory().getOrganization(TENANT));
    expect(e.code).toBe('directory_unavailable');
    expect(e.details.status).toBe(503);
    expect(fake.graphRequests).toHaveLength(3);
    expect(retries.map((r) => r.reason)).toEqual(['status 503', 'status 503']);
  });

  it('retries a request that timed out, and reports a timeout that persists', async () => {
    fake.fail({ pathIncludes: '/organization', delayMs: 800 });
    expect(await directory().getOrganization(TENANT)).toEqual({ tenantId: TENANT, displayName: 'Contoso' });
    expect(retries[0].reason).toBe('TimeoutError');

    for (let i = 0; i < 3; i++) fake.fail({ pathIncludes: '/organization', delayMs: 800 });
    const e = await rejection(directory().getOrganization(TENANT));
    expect(e.code).toBe('directory_unavailable');
    expect(e.message).toBe('Microsoft Graph did not answer in time');
  });

  it('turns 403 Authorization_RequestDenied into directory_consent_required with the admin consent link', async () => {
    const e = await rejection(directory().getUserRoles(DENIED, ALEX));
    expect(e.code).toBe('directory_consent_required');
    expect(e.details.consentUrl).toBe(`${fake.loginUrl}/${DENIED}/adminconsent?client_id=${CLIENT_ID}`);
  });

  it('turns an unconsented tenant at the token endpoint (AADSTS700016) into directory_consent_required', async () => {
    const e = await rejection(directory().getUserRoles(UNCONSENTED, ALEX));
    expect(e.code).toBe('directory_consent_required');
    expect(e.details.consentUrl).toContain(`/${UNCONSENTED}/adminconsent?client_id=${CLIENT_ID}`);
    expect(fake.graphRequests).toHaveLength(0);
  });

  it('reports a wrong client secret as directory_unavailable without leaking the secret', async () => {
    const tokens = new MsalTokenProvider({ clientId: CLIENT_ID, proof: { secret: 'wrong' }, loginUrl: fake.loginUrl, graphUrl: fake.graphUrl, timeoutMs: 2000, ca: fake.ca });
    const e = await rejection(directory({ tokens }).getUserRoles(TENANT, ALEX));
    expect(e.code).toBe('directory_unavailable');
    expect(String(e.details.reason)).toContain('AADSTS7000215');
    expect(JSON.stringify(e.details)).not.toContain(CLIENT_SECRET);
  });

  it('answers no roles for a user Graph does not know', async () => {
    expect(await directory().getUserRoles(TENANT, 'someone-else')).toEqual([]);
  });

  it('lists the tenant\'s subscriptions across pages with status and trial flag', async () => {
    const subs = await directory().listSubscriptions(TENANT);
    expect(subs.map((s) => [s.skuPartNumber, s.status, s.isTrial])).toEqual([
      ['SPB', 'Enabled', false],
      ['SPE_E5', 'Warning', true],
      ['TEAMS_ESSENTIALS_AAD', 'Suspended', false],
    ]);
    expect(subs[1].ownerTenantId).toBe('partner-tenant');
    expect(fake.graphRequests).toHaveLength(3);
  });

  it('refuses to follow a paging link to another host (it would carry the token there)', async () => {
    fake.fail({ pathIncludes: '/directory/subscriptions', status: 200, body: { value: [], '@odata.nextLink': 'http://127.0.0.2:9/v1.0/directory/subscriptions?$skiptoken=x' } });
    const e = await rejection(directory().listSubscriptions(TENANT));
    expect(e.code).toBe('directory_unavailable');
    expect(fake.graphRequests).toHaveLength(1);
  });
});

import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCert } from './selfSignedCert';

/** Role template IDs used by the fake directory. */
export const TEMPLATES = {
  globalAdmin: '62e90394-69f5-4237-9190-012177145e10',
  billingAdmin: 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  userAdmin: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
};

export interface FakeTenant {
  displayName: string;
  users: Record<string, string[]>; // userId → role template IDs
  subscriptions: Array<Record<string, unknown>>;
  /** The app has a service principal but no Graph permission granted: Graph answers 403. */
  graphDenied?: boolean;
  /** The app was never consented: the token endpoint answers AADSTS700016. */
  notConsented?: boolean;
}

export interface Fault {
  /** Applies to requests whose path contains this. */
  pathIncludes: string;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Hold the answer this long (a timeout for the client). */
  delayMs?: number;
}

export const CLIENT_ID = '11111111-aaaa-4bbb-8ccc-000000000001';
export const CLIENT_SECRET = 'fake-secret-for-tests-only';

/**
 * A loopback Microsoft Graph (http) plus an Entra-like token endpoint (https, self-signed):
 * real HTTP servers that answer like the real services, with paging, throttling and faults.
 */
export class FakeGraph {
  readonly tenants = new Map<string, FakeTenant>();
  readonly graphRequests: Array<{ path: string; authorization?: string; consistencyLevel?: string }> = [];
  readonly tokenRequests: Array<{ tenantId: string; form: URLSearchParams }> = [];
  pageSize = 1;
  /**
   * Tokens another issuer gave out (a managed identity's, through FakeEntra): returns the tenant a token
   * is for when Graph should take it, as Graph takes any Entra token with its audience.
   */
  acceptToken?: (token: string) => string | undefined;
  private readonly faults: Fault[] = [];
  private readonly issued = new Map<string, string>(); // token → tenant
  private readonly held = new Set<ServerResponse>();
  private graph!: Server;
  private authority!: Server;
  graphUrl = '';
  loginUrl = '';
  ca = '';

  async start(): Promise<void> {
    const { key, cert } = selfSignedCert();
    this.ca = cert;
    this.graph = createHttpServer((req, res) => void this.onGraph(req, res));
    this.authority = createHttpsServer({ key, cert }, (req, res) => void this.onToken(req, res));
    this.graphUrl = `http://127.0.0.1:${await listen(this.graph)}`;
    this.loginUrl = `https://127.0.0.1:${await listen(this.authority)}`;
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    for (const s of [this.graph, this.authority]) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  }

  /** Queue a fault for the next matching Graph request (each fault is used once, in order). */
  fail(fault: Fault): void {
    this.faults.push(fault);
  }

  private async onToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // MSAL adds telemetry to the query string; only the path matters.
    const m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(new URL(req.url ?? '/', this.loginUrl).pathname);
    if (!m || req.method !== 'POST') return json(res, 404, { error: 'not_found' });
    const tenantId = decodeURIComponent(m[1]);
    const form = new URLSearchParams(await readBody(req));
    this.tokenRequests.push({ tenantId, form });
    const tenant = this.tenants.get(tenantId);
    if (!tenant) {
      return json(res, 400, { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${tenantId}' not found.`, error_codes: [90002] });
    }
    if (tenant.notConsented) {
      return json(res, 400, {
        error: 'unauthorized_client',
        error_description: `AADSTS700016: Application with identifier '${form.get('client_id')}' was not found in the directory '${tenantId}'.`,
        error_codes: [700016],
      });
    }
    if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET) {
      return json(res, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.', error_codes: [7000215] });
    }
    if (form.get('scope') !== `${this.graphUrl}/.default`) {
      return json(res, 400, { error: 'invalid_scope', error_description: 'AADSTS70011: The provided value for scope is not valid.' });
    }
    const token = `fake-token-${tenantId}-${this.issued.size + 1}`;
    this.issued.set(token, tenantId);
    return json(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
  }

  private async onGraph(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.graphUrl);
    const authorization = req.headers.authorization;
    this.graphRequests.push({ path: url.pathname + url.search, authorization, consistencyLevel: req.headers.consistencylevel as string | undefined });

    const faultAt = this.faults.findIndex((f) => (url.pathname + url.search).includes(f.pathIncludes));
    if (faultAt >= 0) {
      const [fault] = this.faults.splice(faultAt, 1);
      if (fault.delayMs) {
        this.held.add(res);
        await new Promise((r) => setTimeout(r, fault.delayMs));
        this.held.delete(res);
        if (res.destroyed) return;
      }
      if (fault.status) return json(res, fault.status, fault.body ?? graphError('ServiceUnavailable', 'fault'), fault.headers);
    }

    const token = authorization?.replace(/^Bearer /, '') ?? '';
    const tenantId = this.issued.get(token) ?? this.acceptToken?.(token);
    if (!tenantId) return json(res, 401, graphError('InvalidAuthenticationToken', 'Access token is empty or invalid.'));
    const tenant = this.tenants.get(tenantId);
    if (!tenant) return json(res, 401, graphError('InvalidAuthenticationToken', 'Token tenant unknown.'));
    if (tenant.graphDenied) return json(res, 403, graphError('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'));

    const roles = /^\/v1\.0\/users\/([^/]+)\/transitiveMemberOf\/microsoft\.graph\.directoryRole$/.exec(url.pathname);
    if (roles) {
      const templates = tenant.users[decodeURIComponent(roles[1])];
      if (!templates) return json(res, 404, graphError('Request_ResourceNotFound', `Resource '${roles[1]}' does not exist.`));
      const items = templates.map((t, i) => ({ '@odata.type': '#microsoft.graph.directoryRole', id: `role-${i}`, roleTemplateId: t, displayName: `Role ${t}` }));
      return this.page(res, url, items);
    }
    if (url.pathname === '/v1.0/directory/subscriptions') return this.page(res, url, tenant.subscriptions);
    if (url.pathname === '/v1.0/organization') return json(res, 200, { value: [{ id: tenantId, displayName: tenant.displayName }] });
    return json(res, 400, graphError('BadRequest', `Resource not found for the segment '${url.pathname}'.`));
  }

  /** Pages like Graph: an opaque $skiptoken in an absolute @odata.nextLink that repeats the query. */
  private page(res: ServerResponse, url: URL, items: unknown[]): void {
    const skip = url.searchParams.get('$skiptoken');
    const start = skip ? Number(Buffer.from(skip, 'base64url').toString().replace('offset=', '')) : 0;
    const slice = items.slice(start, start + this.pageSize);
    const body: Record<string, unknown> = { '@odata.context': `${this.graphUrl}/v1.0/$metadata#directoryObjects`, value: slice };
    if (start + this.pageSize < items.length) {
      // Graph writes OData names unencoded: ...?$select=id&$skiptoken=...
      const kept = url.search.slice(1).split('&').filter((p) => p && !decodeURIComponent(p).startsWith('$skiptoken='));
      kept.push(`$skiptoken=${Buffer.from(`offset=${start + this.pageSize}`).toString('base64url')}`);
      body['@odata.nextLink'] = `${this.graphUrl}${url.pathname}?${kept.join('&')}`;
    }
    json(res, 200, body);
  }
}

function graphError(code: string, message: string) {
  return { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': 'fake' } } };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

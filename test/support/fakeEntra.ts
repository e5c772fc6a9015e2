import { createHash, createPublicKey, createSign, createVerify, constants, generateKeyPairSync, randomUUID, X509Certificate, type KeyObject } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCert } from './selfSignedCert';

/** An app registration the fake Entra knows: a client secret, or a certificate (PEM) whose key signs client assertions. */
export interface FakeApp {
  clientId: string;
  tenantId: string;
  secret?: string;
  certificatePem?: string;
}

/** A user-assigned managed identity reachable through the App Service protocol (IDENTITY_ENDPOINT + IDENTITY_HEADER). */
export interface FakeManagedIdentity {
  clientId: string;
  tenantId: string;
}

export interface IssuedToken {
  token: string;
  clientId: string;
  tenantId: string;
  /** The resource (audience) the token is for, e.g. https://api.botframework.com. */
  resource: string;
  how: 'secret' | 'certificate' | 'managedIdentity';
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * Entra on loopback, speaking its protocols: the v2.0 token endpoint for client credentials (a secret,
 * or a certificate's signed client assertion, RS256 with x5t or PS256 with x5t#S256) over HTTPS with a
 * test CA (MSAL refuses plain-http authorities), the App Service managed-identity endpoint (2019-08-01)
 * over HTTP as on App Service, and the JWKS and OpenID metadata that tokens it issues verify against.
 * Every token is an RS256 JWT shaped like Entra's v1 app tokens (iss sts.windows.net/{tenant}/, aud,
 * appid, tid, oid, idtyp app), so resource servers here (billing, Graph, Azurite) can check it.
 */
export class FakeEntra {
  readonly apps: FakeApp[] = [];
  readonly managedIdentities: FakeManagedIdentity[] = [];
  readonly issued: IssuedToken[] = [];
  /** Token requests refused, with Entra's error code, for asserting why a start failed. */
  readonly refusals: string[] = [];
  readonly identityHeader = randomUUID();
  private readonly signing = { kid: `entra-${randomUUID().slice(0, 8)}`, ...generateKeyPairSync('rsa', { modulusLength: 2048 }) };
  private https!: Server;
  private http!: Server;
  /** https://127.0.0.1:port: the sign-in host (BOT_LOGIN_URL, GRAPH_LOGIN_URL). */
  loginUrl = '';
  /** http://127.0.0.1:port: managed identity, JWKS and metadata. */
  httpUrl = '';
  /** PEM of the test CA the HTTPS server's certificate is (NODE_EXTRA_CA_CERTS). */
  ca = '';

  get identityEndpoint(): string {
    return `${this.httpUrl}/msi/token`;
  }

  get jwksUrl(): string {
    return `${this.httpUrl}/common/discovery/v2.0/keys`;
  }

  /** What BOT_ENTRA_OPENID_METADATA_URL points at: Entra's v2 metadata naming the JWKS. */
  get openIdMetadataUrl(): string {
    return `${this.httpUrl}/common/v2.0/.well-known/openid-configuration`;
  }

  async start(): Promise<this> {
    const { key, cert } = selfSignedCert();
    this.ca = cert;
    this.https = createHttpsServer({ key, cert }, (req, res) => void this.onHttps(req, res));
    this.http = createHttpServer((req, res) => void this.onHttp(req, res));
    this.loginUrl = `https://127.0.0.1:${await listen(this.https)}`;
    this.httpUrl = `http://127.0.0.1:${await listen(this.http)}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of [this.https, this.http]) {
      if (!s) continue;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  }

  /** The token this fake issued, if `token` is one (else undefined). */
  issuedToken(token: string | undefined): IssuedToken | undefined {
    return token === undefined ? undefined : this.issued.find((t) => t.token === token);
  }

  /** A JWT as Entra would issue it (for tokens that arrive at the bot without a token request, or forged-tenant cases). */
  mint(claims: Record<string, unknown>, signWith: KeyObject = this.signing.privateKey): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.signing.kid, x5t: this.signing.kid };
    const payload = { nbf: now - 60, iat: now - 60, exp: now + 3600, ver: '1.0', idtyp: 'app', ...claims };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    return `${input}.${b64url(createSign('RSA-SHA256').update(input).sign(signWith))}`;
  }

  private issue(clientId: string, tenantId: string, resource: string, how: IssuedToken['how']): { token: string; expiresIn: number } {
    const token = this.mint({ iss: `https://sts.windows.net/${tenantId}/`, aud: resource, appid: clientId, azp: clientId, tid: tenantId, oid: `oid-${clientId}`, sub: `oid-${clientId}` });
    this.issued.push({ token, clientId, tenantId, resource, how });
    return { token, expiresIn: 3599 };
  }

  private async onHttps(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // MSAL adds telemetry to the query string; only the path matters.
    const url = new URL(req.url ?? '/', this.loginUrl);
    const m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (!m || req.method !== 'POST') return json(res, 404, { error: 'not_found' });
    const tenantId = decodeURIComponent(m[1]!);
    const form = new URLSearchParams(await readBody(req));
    const refuse = (status: number, error: string, code: string, description: string) => {
      this.refusals.push(code);
      return json(res, status, { error, error_description: `${code}: ${description}`, error_codes: [Number(code.slice(5))] });
    };
    const app = this.apps.find((a) => a.clientId === form.get('client_id'));
    if (form.get('grant_type') !== 'client_credentials') return refuse(400, 'unsupported_grant_type', 'AADSTS70003', 'grant type not supported');
    if (!app) return refuse(400, 'unauthorized_client', 'AADSTS700016', `Application with identifier '${form.get('client_id')}' was not found in the directory '${tenantId}'.`);
    if (app.tenantId !== tenantId) return refuse(400, 'invalid_request', 'AADSTS90002', `Tenant '${tenantId}' is not the app's tenant.`);
    const scope = form.get('scope') ?? '';
    if (!scope.endsWith('/.default')) return refuse(400, 'invalid_scope', 'AADSTS70011', 'The provided value for scope is not valid.');
    let how: IssuedToken['how'];
    if (form.get('client_secret') !== null) {
      if (!app.secret || form.get('client_secret') !== app.secret) return refuse(401, 'invalid_client', 'AADSTS7000215', 'Invalid client secret provided.');
      how = 'secret';
    } else if (form.get('client_assertion_type') === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      const problem = app.certificatePem ? verifyAssertion(form.get('client_assertion') ?? '', app, `${this.loginUrl}${url.pathname}`) : 'no certificate registered';
      if (problem) return refuse(401, 'invalid_client', 'AADSTS700027', `Client assertion failed signature validation: ${problem}`);
      how = 'certificate';
    } else {
      return refuse(401, 'invalid_client', 'AADSTS7000216', "'client_assertion', 'client_secret' or 'request' is required");
    }
    const { token, expiresIn } = this.issue(app.clientId, tenantId, scope.slice(0, -'/.default'.length), how);
    return json(res, 200, { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token });
  }

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.httpUrl);
    if (url.pathname === '/msi/token') {
      // App Service / Container Apps: GET with api-version, resource and client_id, the header proving the caller is on the host.
      if (req.headers['x-identity-header'] !== this.identityHeader) return json(res, 401, { statusCode: 401, message: 'X-IDENTITY-HEADER missing or wrong' });
      if (url.searchParams.get('api-version') !== '2019-08-01') return json(res, 400, { statusCode: 400, message: 'api-version 2019-08-01 expected' });
      const clientId = url.searchParams.get('client_id');
      const identity = this.managedIdentities.find((i) => i.clientId === clientId);
      if (!identity) return json(res, 400, { statusCode: 400, message: `No managed identity with client_id ${clientId} is assigned to this app` });
      const resource = url.searchParams.get('resource') ?? '';
      const { token, expiresIn } = this.issue(identity.clientId, identity.tenantId, resource, 'managedIdentity');
      return json(res, 200, { access_token: token, expires_on: String(Math.floor(Date.now() / 1000) + expiresIn), resource, token_type: 'Bearer', client_id: identity.clientId });
    }
    if (url.pathname === '/common/discovery/v2.0/keys') {
      return json(res, 200, { keys: [{ ...this.signing.publicKey.export({ format: 'jwk' }), kty: 'RSA', use: 'sig', kid: this.signing.kid, x5t: this.signing.kid }] });
    }
    if (url.pathname === '/common/v2.0/.well-known/openid-configuration') {
      return json(res, 200, { issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0', jwks_uri: this.jwksUrl, id_token_signing_alg_values_supported: ['RS256'] });
    }
    return json(res, 404, { error: 'not_found' });
  }
}

/** Checks a client assertion as Entra does: signed by the registered certificate's key, thumbprint in the header, for this endpoint. */
function verifyAssertion(assertion: string, app: FakeApp, endpoint: string): string | undefined {
  const [h, p, s] = assertion.split('.');
  if (!h || !p || !s) return 'not a JWT';
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string; x5t?: string; 'x5t#S256'?: string };
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as { aud?: string; iss?: string; sub?: string; exp?: number };
  const cert = new X509Certificate(app.certificatePem!);
  const der = cert.raw;
  const sha1 = createHash('sha1').update(der).digest('base64url');
  const sha256 = createHash('sha256').update(der).digest('base64url');
  if (header['x5t#S256'] !== undefined ? header['x5t#S256'] !== sha256 : header.x5t !== sha1) return 'thumbprint does not match the registered certificate';
  const key = createPublicKey(app.certificatePem!);
  const verifier = createVerify('RSA-SHA256').update(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const ok =
    header.alg === 'PS256'
      ? verifier.verify({ key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, signature)
      : header.alg === 'RS256' && verifier.verify(key, signature);
  if (!ok) return `bad ${header.alg} signature`;
  if (payload.aud !== endpoint) return `aud ${payload.aud} is not the token endpoint`;
  if (payload.iss !== app.clientId || payload.sub !== app.clientId) return 'iss/sub is not the client id';
  if (!payload.exp || payload.exp * 1000 < Date.now()) return 'expired';
  return undefined;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
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

import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  endorsements: string[];
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * What login.botframework.com publishes, on loopback: the OpenID metadata document and the JWKS
 * (RSA keys with their channel endorsements). Tokens are minted here the way the Bot Connector signs them.
 */
export class FakeBotFrameworkKeys {
  private server?: Server;
  private readonly keys = new Map<string, SigningKey>();
  /** Requests served, to show the adapter really fetched the keys. */
  readonly requests: string[] = [];
  url = '';

  constructor() {
    this.addKey('key-teams', ['msteams']);
    this.addKey('key-webchat', ['webchat']);
  }

  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  addKey(kid: string, endorsements: string[]): void {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.keys.set(kid, { kid, privateKey, publicKey, endorsements });
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.requests.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/.well-known/openidconfiguration') {
        res.end(JSON.stringify({ issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `${this.url}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['private_key_jwt'] }));
      } else if (req.url === '/v1/.well-known/keys') {
        const keys = [...this.keys.values()].map((k) => ({ ...k.publicKey.export({ format: 'jwk' }), kty: 'RSA', use: 'sig', kid: k.kid, endorsements: k.endorsements }));
        res.end(JSON.stringify({ keys }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /**
   * An RS256 token as the Bot Connector sends it. `signWith` signs with another key than the kid names
   * (a forged signature); `alg: 'none'` leaves the signature off.
   */
  mint(claims: Record<string, unknown>, options: { kid?: string; signWith?: KeyObject; alg?: 'RS256' | 'none' } = {}): string {
    const kid = options.kid ?? 'key-teams';
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: options.alg ?? 'RS256', typ: 'JWT', kid, x5t: kid };
    const payload = { iss: BOT_FRAMEWORK_ISSUER, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims };
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    if (options.alg === 'none') return `${signingInput}.`;
    const key = options.signWith ?? this.keys.get(kid)?.privateKey ?? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const signature = createSign('RSA-SHA256').update(signingInput).sign(key);
    return `${signingInput}.${b64url(signature)}`;
  }
}

import type { TokenCredential } from '@azure/core-auth';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { DomainError } from '../../domain/errors';
import { adminConsentUrl } from './graphClouds';
import { confidentialClient, type ClientProof } from '../../identity/confidentialClient';
import { MsalNetworkClient } from '../../identity/msalNetworkClient';
import { TtlLruCache } from './ttlLruCache';

/** App-only access tokens for Microsoft Graph, one customer tenant at a time. */
export interface GraphTokenProvider {
  getToken(tenantId: string): Promise<string>;
}

export interface MsalTokenProviderOptions {
  clientId: string;
  /** A client secret, or the bot's certificate (GRAPH_AUTH=certificate). */
  proof: ClientProof;
  loginUrl: string;
  graphUrl: string;
  timeoutMs: number;
  /** Extra trusted CAs (PEM) for the sign-in host. */
  ca?: string | string[];
  /** Most tenants whose MSAL client is kept (each holds its own token cache). */
  maxTenants?: number;
}

/**
 * Client-credential tokens through MSAL, per customer tenant. MSAL keeps each token in its
 * in-memory cache and answers from it until shortly before expiry.
 */
export class MsalTokenProvider implements GraphTokenProvider {
  private readonly apps: TtlLruCache<string, ConfidentialClientApplication>;
  private readonly network: MsalNetworkClient;

  constructor(private readonly options: MsalTokenProviderOptions) {
    // Kept for a day: the token cache inside lives longer than one token.
    this.apps = new TtlLruCache(options.maxTenants ?? 500, 24 * 3600 * 1000);
    this.network = new MsalNetworkClient({ timeoutMs: options.timeoutMs, ca: options.ca });
  }

  async getToken(tenantId: string): Promise<string> {
    const app = this.appFor(tenantId);
    try {
      const result = await app.acquireTokenByClientCredential({ scopes: [`${this.options.graphUrl}/.default`] });
      if (!result?.accessToken) throw new Error('No access token in the answer');
      return result.accessToken;
    } catch (e) {
      throw this.mapError(e, tenantId);
    }
  }

  private appFor(tenantId: string): ConfidentialClientApplication {
    const cached = this.apps.get(tenantId);
    if (cached) return cached;
    const { loginUrl, clientId, proof } = this.options;
    const app = confidentialClient({ clientId, proof, loginUrl, tenantId, network: this.network });
    this.apps.set(tenantId, app);
    return app;
  }

  /** Entra's AADSTS codes that mean "this tenant has not consented to the bot's app". */
  private mapError(e: unknown, tenantId: string): DomainError {
    const text = e instanceof Error ? `${(e as { errorCode?: string }).errorCode ?? ''} ${e.message}` : String(e);
    const consentCodes = ['AADSTS65001', 'AADSTS700016', 'AADSTS7000229', 'AADSTS650052', 'AADSTS500011'];
    if (consentCodes.some((c) => text.includes(c))) {
      return new DomainError('directory_consent_required', 'The bot app has no admin consent in this tenant', {
        tenantId,
        consentUrl: adminConsentUrl(this.options.loginUrl, tenantId, this.options.clientId),
      });
    }
    // Wrong secret, unknown tenant, network, timeout: the operator must look; the first line of MSAL's text says why.
    return new DomainError('directory_unavailable', 'Could not get a Microsoft Graph token', {
      tenantId,
      reason: text.split('\n')[0].slice(0, 300),
    });
  }
}

/**
 * Graph tokens from the bot's own managed identity (GRAPH_AUTH=managedIdentity): no secret anywhere. A
 * managed identity belongs to one tenant, so only that tenant's directory can be read.
 */
export class HomeTenantTokenProvider implements GraphTokenProvider {
  constructor(private readonly options: { credential: TokenCredential; tenantId: string; graphUrl: string }) {}

  async getToken(tenantId: string): Promise<string> {
    if (tenantId.toLowerCase() !== this.options.tenantId.toLowerCase()) {
      throw new DomainError('directory_unavailable', "The bot's managed identity reads its own tenant's directory only", { tenantId, reason: 'tenant is not the managed identity tenant' });
    }
    try {
      const token = await this.options.credential.getToken(`${this.options.graphUrl}/.default`);
      if (!token?.token) throw new Error('No access token in the answer');
      return token.token;
    } catch (e) {
      throw new DomainError('directory_unavailable', 'Could not get a Microsoft Graph token from the managed identity', {
        tenantId,
        reason: String(e instanceof Error ? e.message : e).split('\n')[0]!.slice(0, 300),
      });
    }
  }
}

import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { DomainError } from '../../domain/errors';
import { adminConsentUrl } from './graphClouds';
import { MsalNetworkClient } from './msalNetworkClient';
import { TtlLruCache } from './ttlLruCache';

/** App-only access tokens for Microsoft Graph, one customer tenant at a time. */
export interface GraphTokenProvider {
  getToken(tenantId: string): Promise<string>;
}

export interface MsalTokenProviderOptions {
  clientId: string;
  clientSecret: string;
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
 * in-memory cache and answers from it until shortly before expiry. The authority's metadata is
 * built here (Entra's endpoints are fixed per cloud), so no discovery request precedes the first token.
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
    const { loginUrl, clientId, clientSecret } = this.options;
    const authority = `${loginUrl}/${encodeURIComponent(tenantId)}`;
    const host = new URL(loginUrl).host;
    const config: Configuration = {
      auth: {
        clientId,
        clientSecret,
        authority,
        knownAuthorities: [host],
        authorityMetadata: JSON.stringify({
          token_endpoint: `${authority}/oauth2/v2.0/token`,
          authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
          issuer: `${authority}/v2.0`,
          jwks_uri: `${loginUrl}/${encodeURIComponent(tenantId)}/discovery/v2.0/keys`,
        }),
        cloudDiscoveryMetadata: JSON.stringify({
          tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
        }),
      },
      system: { networkClient: this.network },
    };
    const app = new ConfidentialClientApplication(config);
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

import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { readFileSync } from 'node:fs';
import { confidentialClient, type ClientProof } from './confidentialClient';
import type { IdentityConfig } from './identityConfig';
import { MsalNetworkClient } from './msalNetworkClient';

/** Where Entra signs in, worldwide. */
export const ENTRA_LOGIN_URL = 'https://login.microsoftonline.com';

/**
 * The bot's own identity, ready to get tokens for anything it calls: the Bot Connector, and Graph,
 * a billing service or Blob Storage when they are set to use it. `credential` is the Azure SDK's
 * TokenCredential, so Azure clients (Blob Storage) take it as it is.
 */
export interface BotIdentity {
  appId: string;
  tenantId: string;
  kind: 'secret' | 'certificate' | 'managedIdentity';
  credential: TokenCredential;
}

/**
 * SingleTenant (secret or certificate) and UserAssignedMSI identities; undefined when authentication is
 * off (no app id) or for a legacy MultiTenant registration, whose Bot Connector tokens botbuilder gets itself.
 */
export function createBotIdentity(config: IdentityConfig, options: { timeoutMs: number }): BotIdentity | undefined {
  const appId = config.MicrosoftAppId;
  if (!appId || config.MicrosoftAppType === 'MultiTenant') return undefined;
  const tenantId = config.MicrosoftAppTenantId;
  if (config.MicrosoftAppType === 'UserAssignedMSI') {
    // Loaded only when used: @azure/identity is large. The App Service / Container Apps protocol
    // (IDENTITY_ENDPOINT + IDENTITY_HEADER) is found in the environment; elsewhere Azure's IMDS.
    const { ManagedIdentityCredential } = require('@azure/identity') as typeof import('@azure/identity');
    return { appId, tenantId, kind: 'managedIdentity', credential: new ManagedIdentityCredential({ clientId: appId }) };
  }
  const proof = clientProof(config);
  const credential = new ClientCredential({
    clientId: appId,
    proof,
    loginUrl: (config.BOT_LOGIN_URL ?? ENTRA_LOGIN_URL).replace(/\/+$/, ''),
    tenantId,
    network: new MsalNetworkClient({ timeoutMs: options.timeoutMs }),
  });
  return { appId, tenantId, kind: 'secret' in proof ? 'secret' : 'certificate', credential };
}

/** The secret, or the certificate read from its PEM file (validated at start-up). */
export function clientProof(config: IdentityConfig): ClientProof {
  if (config.CertificateThumbprint && config.CertificatePrivateKeyFile) {
    return { certificate: { thumbprint: config.CertificateThumbprint, privateKey: readFileSync(config.CertificatePrivateKeyFile, 'utf8') } };
  }
  return { secret: config.MicrosoftAppPassword };
}

/** Client-credential tokens of an app registration in its own tenant, cached by MSAL until shortly before expiry. */
export class ClientCredential implements TokenCredential {
  private readonly app: ConfidentialClientApplication;

  constructor(options: Parameters<typeof confidentialClient>[0]) {
    this.app = confidentialClient(options);
  }

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    const result = await this.app.acquireTokenByClientCredential({ scopes: Array.isArray(scopes) ? scopes : [scopes] });
    if (!result?.accessToken) throw new Error('No access token in the answer from Entra');
    return { token: result.accessToken, expiresOnTimestamp: result.expiresOn?.getTime() ?? Date.now() + 5 * 60_000 };
  }
}

/** `scope` as Entra wants it for app-only tokens: a resource followed by /.default. */
export const defaultScope = (resourceOrScope: string): string => (resourceOrScope.endsWith('/.default') ? resourceOrScope : `${resourceOrScope.replace(/\/+$/, '')}/.default`);

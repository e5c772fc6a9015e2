import { ConfidentialClientApplication, type Configuration, type INetworkModule } from '@azure/msal-node';

/** How an app registration proves who it is: a client secret, or a certificate's private key and thumbprint. */
export type ClientProof = { secret: string } | { certificate: { thumbprint: string; privateKey: string } };

export interface ConfidentialClientOptions {
  clientId: string;
  proof: ClientProof;
  /** Sign-in host, e.g. https://login.microsoftonline.com (no trailing slash). */
  loginUrl: string;
  tenantId: string;
  network: INetworkModule;
}

/**
 * An MSAL client-credentials app for one tenant. The authority's metadata is built here (Entra's endpoints
 * are fixed per cloud), so no discovery request precedes the first token and a sovereign or test host needs
 * no instance discovery from the public cloud.
 */
export function confidentialClient(options: ConfidentialClientOptions): ConfidentialClientApplication {
  const { loginUrl, tenantId, clientId, proof } = options;
  const authority = `${loginUrl}/${encodeURIComponent(tenantId)}`;
  const host = new URL(loginUrl).host;
  const config: Configuration = {
    auth: {
      clientId,
      ...('secret' in proof
        ? { clientSecret: proof.secret }
        : {
            // 64 hex digits are a SHA-256 thumbprint (x5t#S256, PS256); 40 are SHA-1 (x5t, RS256), for older registrations.
            clientCertificate:
              proof.certificate.thumbprint.length === 64
                ? { thumbprintSha256: proof.certificate.thumbprint, privateKey: proof.certificate.privateKey }
                : { thumbprint: proof.certificate.thumbprint, privateKey: proof.certificate.privateKey },
          }),
      authority,
      knownAuthorities: [host],
      authorityMetadata: JSON.stringify({
        token_endpoint: `${authority}/oauth2/v2.0/token`,
        authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
        issuer: `${authority}/v2.0`,
        jwks_uri: `${authority}/discovery/v2.0/keys`,
      }),
      cloudDiscoveryMetadata: JSON.stringify({
        tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      }),
    },
    system: { networkClient: options.network },
  };
  return new ConfidentialClientApplication(config);
}

import { createRemoteJWKSet, errors, jwtVerify } from 'jose';

export interface BearerPolicy {
  /** Where the token issuer publishes its signing keys, e.g. https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys */
  jwksUrl: string;
  /** Accepted `iss` values, e.g. https://sts.windows.net/{tenant}/ (v1 tokens) and https://login.microsoftonline.com/{tenant}/v2.0 (v2). */
  issuers: string[];
  /** The billing API's app ID URI or client id: the `aud` a token must carry. */
  audience: string;
  /** When not empty, only these callers (`appid` / `azp`: the bot's identity) are let in. */
  allowedClients?: string[];
}

/** Why a bearer token was refused: answered as 401 without the detail, logged with it. */
export class BearerRefused extends Error {}

/**
 * Checks `Authorization: Bearer …` as Azure API Management's validate-jwt or App Service authentication
 * would: an RS256 signature by a key from the issuer's JWKS (fetched once, refreshed on an unknown kid),
 * the issuer, the audience, the lifetime (5 min clock skew), and optionally which client asked.
 */
export function bearerVerifier(policy: BearerPolicy): (authorization: string | undefined) => Promise<{ clientId?: string }> {
  const keys = createRemoteJWKSet(new URL(policy.jwksUrl));
  const allowed = new Set((policy.allowedClients ?? []).map((c) => c.toLowerCase()));
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (!token) throw new BearerRefused('no bearer token');
    try {
      const { payload } = await jwtVerify(token, keys, { issuer: policy.issuers, audience: policy.audience, algorithms: ['RS256'], clockTolerance: 300 });
      const clientId = String(payload.appid ?? payload.azp ?? '');
      if (allowed.size > 0 && !allowed.has(clientId.toLowerCase())) throw new BearerRefused(`client ${clientId || '(none)'} is not allowed`);
      return { clientId };
    } catch (e) {
      if (e instanceof BearerRefused) throw e;
      if (e instanceof errors.JOSEError) throw new BearerRefused(`${e.code}: ${e.message}`.slice(0, 200));
      throw e;
    }
  };
}

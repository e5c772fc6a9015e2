import { AuthenticationConstants } from 'botframework-connector';

/** The issuers Entra writes into tokens it issues in `tenantId` (v1 and v2 tokens). */
export function tenantIssuers(tenantId: string): string[] {
  return [`${AuthenticationConstants.ValidTokenIssuerUrlTemplateV1}${tenantId}/`, `${AuthenticationConstants.ValidTokenIssuerUrlTemplateV2}${tenantId}/v2.0`];
}

/**
 * A single-tenant bot takes tokens from the Bot Framework (the channels) and from its own tenant's Entra,
 * never from another tenant's. botbuilder alone would not refuse the latter: it adds the issuer of any
 * tenant named in a token to the issuers it accepts. Only the issuer is judged here, from the unverified
 * payload; the signature and every other claim remain botbuilder's checks. Returns why a token is refused.
 */
export function foreignIssuer(authHeader: string, tenantId: string): string | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(authHeader.trim())?.[1];
  const payload = token?.split('.')[1];
  if (!payload) return undefined; // not a bearer JWT: botbuilder refuses it with its own reason
  let issuer: unknown;
  try {
    issuer = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown }).iss;
  } catch {
    return undefined;
  }
  if (typeof issuer !== 'string' || issuer === AuthenticationConstants.ToBotFromChannelTokenIssuer) return undefined;
  if (tenantIssuers(tenantId).includes(issuer)) return undefined;
  return `token issuer not accepted by a single-tenant bot: ${issuer.slice(0, 100)}`;
}

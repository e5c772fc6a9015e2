import { z } from 'zod';
import type { DomainErrorCode } from '../../domain/errors';

/**
 * The billing service HTTP contract in code: shared by the server and the client so both agree.
 * The published form is docs/billing.openapi.yaml; test/billing/openapiContract.test.ts checks
 * that the two describe the same routes and error codes.
 */
export const API_PREFIX = '/v1';

export const routes = {
  account: (t: string) => `${API_PREFIX}/tenants/${enc(t)}/account`,
  subscriptions: (t: string) => `${API_PREFIX}/tenants/${enc(t)}/subscriptions`,
  subscription: (t: string, s: string) => `${API_PREFIX}/tenants/${enc(t)}/subscriptions/${enc(s)}`,
  partnerOfRecord: (t: string, s: string) => `${API_PREFIX}/tenants/${enc(t)}/subscriptions/${enc(s)}/partner-of-record`,
  relationships: (t: string) => `${API_PREFIX}/tenants/${enc(t)}/relationships`,
  billingRoles: (t: string, u: string) => `${API_PREFIX}/tenants/${enc(t)}/users/${enc(u)}/billing-roles`,
  partner: (p: string) => `${API_PREFIX}/partners/${enc(p)}`,
  partnerNames: (t: string) => `${API_PREFIX}/tenants/${enc(t)}/partners`,
};

/** Route templates as written in the OpenAPI document (method + path). */
export const routeTemplates = [
  ['get', '/v1/tenants/{tenantId}/account'],
  ['get', '/v1/tenants/{tenantId}/subscriptions'],
  ['get', '/v1/tenants/{tenantId}/subscriptions/{subscriptionId}'],
  ['put', '/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/partner-of-record'],
  ['get', '/v1/tenants/{tenantId}/relationships'],
  ['get', '/v1/tenants/{tenantId}/users/{userId}/billing-roles'],
  ['get', '/v1/partners/{partnerId}'],
  ['get', '/v1/tenants/{tenantId}/partners'],
] as const;

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** Identifiers in paths and bodies: bounded, printable, no path separators. */
export const idSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:@-]+$/);

export const setPartnerBodySchema = z
  .object({
    /** null removes the partner of record. */
    partnerId: z.string().regex(/^\d{1,15}$/).nullable(),
    /** The version the admin confirmed; may also be sent as `If-Match: "<version>"`. */
    expectedVersion: z.number().int().min(0).optional(),
    requestedBy: z.string().min(1).max(256),
  })
  .strict();
export type SetPartnerBody = z.infer<typeof setPartnerBodySchema>;

export const idempotencyKeySchema = z.string().min(8).max(200).regex(/^[\x21-\x7e]+$/);

/** `If-Match: "3"` (or W/"3") → 3. */
export function parseIfMatch(value: string | undefined): number | undefined | 'invalid' {
  if (value === undefined) return undefined;
  const m = /^(?:W\/)?"(\d{1,15})"$/.exec(value.trim());
  return m ? Number(m[1]) : 'invalid';
}

export function etagFor(version: number): string {
  return `"${version}"`;
}

/** HTTP status of each domain error on the wire. */
export const statusByCode: Record<DomainErrorCode, number> = {
  unknown_partner: 422,
  inactive_partner: 422,
  headquarters_id: 422,
  reseller_id: 422,
  csp_subscription: 409,
  syndication_tenant: 409,
  subscription_inactive: 409,
  same_partner: 409,
  no_partner: 409,
  conflict: 409,
  not_authorized: 403,
  not_found: 404,
  unknown_tenant: 404,
  unavailable: 503,
  // Directory errors never come from a billing service, but the map must be total.
  directory_consent_required: 503,
  directory_unavailable: 503,
};

/** Codes a billing service may answer with (the OpenAPI ErrorCode enum). */
export const billingErrorCodes = [
  'unknown_partner',
  'inactive_partner',
  'headquarters_id',
  'reseller_id',
  'csp_subscription',
  'syndication_tenant',
  'subscription_inactive',
  'same_partner',
  'no_partner',
  'conflict',
  'not_authorized',
  'not_found',
  'unknown_tenant',
  'unavailable',
] as const satisfies readonly DomainErrorCode[];

/** Transport-level codes that are not domain errors (bad request, bad API key). */
export const transportErrorCodes = ['bad_request', 'precondition_required', 'unauthenticated', 'no_route', 'method_not_allowed', 'internal'] as const;

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/* Response shapes: the client checks what it receives, a wrong body is 'unavailable', not a crash later. */
const partnerRefSchema = z.object({ partnerId: z.string(), name: z.string() });

export const tenantAccountSchema = z.object({
  tenantId: z.string(),
  displayName: z.string(),
  cloud: z.enum(['worldwide', 'china21vianet', 'germany']),
  agreementType: z.enum(['MOSA', 'MCA']),
  origin: z.enum(['direct', 'syndication']),
});

export const subscriptionSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  skuPartNumber: z.string(),
  status: z.enum(['Enabled', 'Warning', 'Suspended', 'Deleted', 'LockedOut']),
  isTrial: z.boolean(),
  totalLicenses: z.number().int(),
  channel: z.enum(['direct', 'reseller', 'syndication']),
  reseller: partnerRefSchema.optional(),
  partnerOfRecord: partnerRefSchema.optional(),
  version: z.number().int(),
});

export const partnerProfileSchema = z.object({
  partnerId: z.string(),
  name: z.string(),
  location: z.string(),
  active: z.boolean(),
  idType: z.enum(['location', 'headquarters']),
  kind: z.enum(['advisor', 'reseller']),
  locationIds: z.array(z.string()).optional(),
  tenantId: z.string().optional(),
});

export const partnerNameSchema = z.object({
  partnerId: z.string(),
  name: z.string(),
  kind: z.enum(['advisor', 'reseller']),
});

export const relationshipSchema = z.object({
  partnerId: z.string(),
  name: z.string(),
  type: z.enum(['advisor', 'reseller', 'indirect_reseller', 'partner_gdap', 'isv', 'mpsa', 'oem', 'lob']),
  roles: z.array(z.string()),
});

export const billingRoleSchema = z.enum([
  'BillingAccountOwner',
  'BillingAccountContributor',
  'BillingAccountReader',
  'BillingProfileOwner',
  'BillingProfileContributor',
  'BillingProfileReader',
  'InvoiceManager',
]);

export const listOf = <T extends z.ZodType>(item: T) => z.object({ value: z.array(item) });

import type { z } from 'zod';
import { DomainError, type DomainErrorCode } from '../../domain/errors';
import type { BillingRole, PartnerLookup, PartnerName, PartnerRelationship, Subscription, TenantAccount } from '../../domain/types';
import { parseRetryAfter, retryDelayMs, sleep, type RetryPolicy } from '../../backends/retry';
import type { BillingService, SetPartnerRequest } from '../billingService';
import {
  billingErrorCodes,
  billingRoleSchema,
  errorBodySchema,
  etagFor,
  listOf,
  partnerNameSchema,
  partnerProfileSchema,
  relationshipSchema,
  routes,
  subscriptionSchema,
  tenantAccountSchema,
  type SetPartnerBody,
} from './billingContract';

export interface HttpBillingOptions {
  /** e.g. https://billing.example.com (the contract's /v1 paths are appended). */
  baseUrl: string;
  /** Sent as X-Api-Key. */
  apiKey?: string;
  /** A bearer token for each attempt (BILLING_AUTH=entra: from the bot's own identity, cached by it). */
  bearerToken?: () => Promise<string>;
  /** Adds the caller's W3C trace context (traceparent) to each request, so the service continues the trace. */
  traceHeaders?: (headers: Record<string, string>) => void;
  /** Per attempt. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Told about each retry (never given headers or the API key). */
  onRetry?: (info: { method: string; path: string; attempt: number; reason: string; delayMs: number }) => void;
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 2000 };
/** Answers worth another try: the same request may well succeed a moment later. */
const TRANSIENT_STATUS = new Set([408, 429, 502, 503, 504]);
const KNOWN_CODES = new Set<string>(billingErrorCodes);

/**
 * BillingService over the HTTP contract (docs/billing.openapi.yaml).
 * Reads are retried freely; a change is retried only because it carries its Idempotency-Key,
 * identical on every attempt, so the server applies it once and answers retries with the first result.
 */
/** How long the partner directory of a tenant is reused. */
const PARTNER_NAMES_TTL_MS = 5 * 60_000;

export class HttpBillingService implements BillingService {
  private readonly partnerNames = new Map<string, { names: PartnerName[]; until: number }>();
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: HttpBillingOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  async getAccount(tenantId: string): Promise<TenantAccount> {
    return this.call('GET', routes.account(tenantId), tenantAccountSchema);
  }

  async listSubscriptions(tenantId: string): Promise<Subscription[]> {
    return (await this.call('GET', routes.subscriptions(tenantId), listOf(subscriptionSchema))).value;
  }

  async getSubscription(tenantId: string, subscriptionId: string): Promise<Subscription> {
    return this.call('GET', routes.subscription(tenantId, subscriptionId), subscriptionSchema);
  }

  async lookupPartner(partnerId: string): Promise<PartnerLookup> {
    try {
      return { found: true, partner: await this.call('GET', routes.partner(partnerId), partnerProfileSchema) };
    } catch (e) {
      // The contract answers an unknown ID with 404 unknown_partner; the port answers it as a value.
      if (e instanceof DomainError && e.code === 'unknown_partner') return { found: false, partnerId };
      throw e;
    }
  }

  async setPartnerOfRecord(req: SetPartnerRequest): Promise<Subscription> {
    const body: SetPartnerBody = { partnerId: req.partnerId, expectedVersion: req.expectedVersion, requestedBy: req.requestedBy };
    return this.call('PUT', routes.partnerOfRecord(req.tenantId, req.subscriptionId), subscriptionSchema, {
      body,
      headers: { 'idempotency-key': req.idempotencyKey, 'if-match': etagFor(req.expectedVersion) },
    });
  }

  async listRelationships(tenantId: string): Promise<PartnerRelationship[]> {
    return (await this.call('GET', routes.relationships(tenantId), listOf(relationshipSchema))).value;
  }

  /**
   * The partner directory, kept a few minutes per tenant: every message is read against it, and partners
   * change rarely. A service without the route (404 no_route) has no directory: no names, no error.
   */
  async listPartnerNames(tenantId: string): Promise<PartnerName[]> {
    const cached = this.partnerNames.get(tenantId);
    if (cached && cached.until > Date.now()) return cached.names;
    let names: PartnerName[];
    try {
      names = (await this.call('GET', routes.partnerNames(tenantId), listOf(partnerNameSchema))).value;
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'unavailable' && e.details?.status === 404)) throw e;
      names = [];
    }
    if (this.partnerNames.size >= 1000) this.partnerNames.delete(this.partnerNames.keys().next().value!);
    this.partnerNames.set(tenantId, { names, until: Date.now() + PARTNER_NAMES_TTL_MS });
    return names;
  }

  async getBillingRoles(tenantId: string, userId: string): Promise<BillingRole[]> {
    return (await this.call('GET', routes.billingRoles(tenantId, userId), listOf(billingRoleSchema))).value;
  }

  private async call<S extends z.ZodType>(
    method: 'GET' | 'PUT',
    path: string,
    schema: S,
    extra: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<z.infer<S>> {
    const headers: Record<string, string> = { accept: 'application/json', ...extra.headers };
    if (extra.body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.apiKey) headers['x-api-key'] = this.options.apiKey;
    this.options.traceHeaders?.(headers);
    const payload = extra.body === undefined ? undefined : JSON.stringify(extra.body);

    for (let attempt = 1; ; attempt++) {
      let reason: string;
      let retryAfterMs: number | undefined;
      if (this.options.bearerToken) headers.authorization = `Bearer ${await this.token(path)}`;
      try {
        const res = await fetch(this.base + path, { method, headers, body: payload, signal: AbortSignal.timeout(this.timeoutMs) });
        const text = await res.text();
        if (res.ok) return parseBody(schema, text, path);
        if (!TRANSIENT_STATUS.has(res.status) || attempt >= this.retry.maxAttempts) throw errorFromResponse(res.status, text);
        reason = `status ${res.status}`;
        retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
      } catch (e) {
        if (e instanceof DomainError) throw e;
        // Network failure or timeout: the server may or may not have seen the request.
        if (attempt >= this.retry.maxAttempts) {
          // By name: the abort reason is a DOMException, which is not always an Error subclass.
          const name = (e as { name?: unknown } | null)?.name;
          const timedOut = name === 'TimeoutError' || name === 'AbortError';
          throw new DomainError('unavailable', timedOut ? 'Billing service did not answer in time' : 'Billing service unreachable', {
            path,
            attempts: attempt,
          });
        }
        reason = String((e as { name?: unknown } | null)?.name ?? 'error');
      }
      const delayMs = retryDelayMs(this.retry, attempt, retryAfterMs);
      this.options.onRetry?.({ method, path, attempt, reason, delayMs });
      await sleep(delayMs);
    }
  }

  /** A token problem is the operator's (identity, scope, consent): the call is unavailable, with Entra's reason. */
  private async token(path: string): Promise<string> {
    try {
      return await this.options.bearerToken!();
    } catch (e) {
      throw new DomainError('unavailable', 'No token for the billing service', { path, reason: String((e as Error)?.message ?? e).split('\n')[0]!.slice(0, 300) });
    }
  }
}

function parseBody<S extends z.ZodType>(schema: S, text: string, path: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DomainError('unavailable', 'Billing service answered with invalid JSON', { path });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new DomainError('unavailable', 'Billing service answered outside its contract', { path });
  return parsed.data;
}

/** The same DomainError the embedded service throws, rebuilt from the contract's error body. */
function errorFromResponse(status: number, text: string): DomainError {
  let body: z.infer<typeof errorBodySchema> | undefined;
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) body = parsed.data;
  } catch {
    /* not JSON: handled below by status */
  }
  if (body && KNOWN_CODES.has(body.error.code)) {
    return new DomainError(body.error.code as DomainErrorCode, body.error.message, body.error.details ?? {});
  }
  // Transport problems (bad API key, bad request, server bug) are the operator's to fix, not the user's.
  const why = status === 401 ? 'Billing service refused the credentials (BILLING_API_KEY, or the token for BILLING_SCOPE)' : `Billing service failed (HTTP ${status})`;
  return new DomainError('unavailable', why, { status, code: body?.error.code });
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { isDomainError } from '../../domain/errors';
import type { BillingService } from '../billingService';
import { BearerRefused } from './bearerAuth';
import type { Telemetry } from '../../telemetry/telemetry';
import {
  IDEMPOTENCY_KEY_HEADER,
  etagFor,
  idSchema,
  idempotencyKeySchema,
  parseIfMatch,
  setPartnerBodySchema,
  statusByCode,
  type ErrorBody,
} from './billingContract';

export interface BillingServerOptions {
  /** When set, every request must carry `X-Api-Key: <apiKey>`. */
  apiKey?: string;
  /** When set, every request must carry a bearer token this accepts (bearerAuth.ts); it throws BearerRefused otherwise. */
  bearer?: (authorization: string | undefined) => Promise<unknown>;
  /** When set, each request is a server span continuing the caller's W3C trace context (traceparent). */
  telemetry?: Telemetry;
  /** A caller was refused (401), with why: for the server's log, never for the answer. */
  onRefused?: (reason: string, req: IncomingMessage) => void;
  /** Largest accepted request body; bigger bodies get 413. */
  maxBodyBytes?: number;
  /** Unexpected failures (answered as 500 without details) are reported here. */
  onError?: (err: unknown, req: IncomingMessage) => void;
}

type Handler = (ctx: RequestContext) => Promise<Reply>;
interface RequestContext {
  req: IncomingMessage;
  params: Record<string, string>;
  body: () => Promise<unknown>;
}
interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

/** Routes of the contract (docs/billing.openapi.yaml), each backed by one BillingService operation. */
function buildRoutes(service: BillingService): Array<{ method: string; pattern: string[]; handler: Handler }> {
  const ok = (body: unknown, headers?: Record<string, string>): Reply => ({ status: 200, body, headers });
  const r = (method: string, path: string, handler: Handler) => ({ method, pattern: path.split('/').filter(Boolean), handler });
  return [
    r('GET', '/v1/tenants/{tenantId}/account', async ({ params }) => ok(await service.getAccount(params.tenantId))),
    r('GET', '/v1/tenants/{tenantId}/subscriptions', async ({ params }) => ok({ value: await service.listSubscriptions(params.tenantId) })),
    r('GET', '/v1/tenants/{tenantId}/subscriptions/{subscriptionId}', async ({ params }) => {
      const sub = await service.getSubscription(params.tenantId, params.subscriptionId);
      return ok(sub, { etag: etagFor(sub.version) });
    }),
    r('PUT', '/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/partner-of-record', async ({ req, params, body }) => {
      const key = idempotencyKeySchema.safeParse(req.headers[IDEMPOTENCY_KEY_HEADER]);
      if (!key.success) throw new HttpProblem(400, 'bad_request', 'Idempotency-Key header (8-200 visible ASCII characters) is required');
      const parsed = setPartnerBodySchema.safeParse(await body());
      if (!parsed.success) throw new HttpProblem(400, 'bad_request', describeZodError(parsed.error));
      const ifMatch = parseIfMatch(single(req.headers['if-match']));
      if (ifMatch === 'invalid') throw new HttpProblem(400, 'bad_request', 'If-Match must be a quoted version, e.g. "3"');
      const { expectedVersion } = parsed.data;
      if (ifMatch !== undefined && expectedVersion !== undefined && ifMatch !== expectedVersion) {
        throw new HttpProblem(400, 'bad_request', 'If-Match and expectedVersion disagree');
      }
      const version = expectedVersion ?? ifMatch;
      if (version === undefined) throw new HttpProblem(428, 'precondition_required', 'expectedVersion (body) or If-Match is required');
      const sub = await service.setPartnerOfRecord({
        tenantId: params.tenantId,
        subscriptionId: params.subscriptionId,
        partnerId: parsed.data.partnerId,
        expectedVersion: version,
        idempotencyKey: key.data,
        requestedBy: parsed.data.requestedBy,
      });
      return ok(sub, { etag: etagFor(sub.version) });
    }),
    r('GET', '/v1/tenants/{tenantId}/relationships', async ({ params }) => ok({ value: await service.listRelationships(params.tenantId) })),
    r('GET', '/v1/tenants/{tenantId}/users/{userId}/billing-roles', async ({ params }) =>
      ok({ value: await service.getBillingRoles(params.tenantId, params.userId) }),
    ),
    r('GET', '/v1/tenants/{tenantId}/partners', async ({ params }) => {
      if (!service.listPartnerNames) throw new HttpProblem(404, 'no_route', 'This billing service has no partner directory');
      return ok({ value: await service.listPartnerNames(params.tenantId) });
    }),
    r('GET', '/v1/partners/{partnerId}', async ({ params }) => {
      const lookup = await service.lookupPartner(params.partnerId);
      // A lookup of an unknown ID is 404 (the resource is missing); a change naming one is 422.
      if (!lookup.found) throw new HttpProblem(404, 'unknown_partner', `Partner ID ${lookup.partnerId} not recognized`, { partnerId: lookup.partnerId });
      return ok(lookup.partner);
    }),
  ];
}

/** Route table as (method, template) pairs: lets a test compare the server with the OpenAPI document. */
export function serverRouteTemplates(): Array<[string, string]> {
  const dummy = {} as BillingService;
  return buildRoutes(dummy).map((r) => [r.method.toLowerCase(), '/' + r.pattern.join('/')]);
}

/** The request listener alone, so a test can wrap it (fault injection) or mount it elsewhere. */
export function createBillingRequestHandler(service: BillingService, options: BillingServerOptions = {}) {
  const routes = buildRoutes(service);
  const maxBody = options.maxBodyBytes ?? 16 * 1024;
  const keyDigest = options.apiKey ? digest(options.apiKey) : undefined;

  const answer = async (req: IncomingMessage): Promise<Reply> => {
    try {
      return await dispatch(req);
    } catch (err) {
      const reply = toErrorReply(err);
      if (reply.status === 500) options.onError?.(err, req);
      return reply;
    }
  };
  const telemetry = options.telemetry;
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (!telemetry?.enabled) {
      void answer(req).then((reply) => send(res, reply));
      return;
    }
    void telemetry.span(
      `billing ${req.method}`,
      'server',
      { 'http.request.method': req.method, 'url.path': (req.url ?? '').split('?')[0]!.slice(0, 200) },
      async (span) => {
        const reply = await answer(req);
        span.set({ 'http.response.status_code': reply.status });
        send(res, reply);
      },
      req.headers,
    );
  };

  async function dispatch(req: IncomingMessage): Promise<Reply> {
    if (keyDigest) {
      const given = single(req.headers['x-api-key']);
      if (!given || !timingSafeEqual(digest(given), keyDigest)) throw new HttpProblem(401, 'unauthenticated', 'Missing or wrong X-Api-Key');
    }
    if (options.bearer) {
      try {
        await options.bearer(single(req.headers.authorization));
      } catch (e) {
        if (!(e instanceof BearerRefused)) throw e;
        options.onRefused?.(e.message, req);
        throw new HttpProblem(401, 'unauthenticated', 'Missing or invalid bearer token');
      }
    }
    const url = new URL(req.url ?? '/', 'http://billing.invalid');
    const segments = url.pathname.split('/').filter(Boolean);
    let pathMatched = false;
    for (const route of routes) {
      const params = match(route.pattern, segments);
      if (!params) continue;
      pathMatched = true;
      if (route.method !== req.method) continue;
      return route.handler({ req, params, body: () => readJson(req, maxBody) });
    }
    if (pathMatched) throw new HttpProblem(405, 'method_not_allowed', `${req.method} is not allowed here`);
    throw new HttpProblem(404, 'no_route', 'No such route');
  }
}

export function createBillingServer(service: BillingService, options: BillingServerOptions = {}): Server {
  return createServer(createBillingRequestHandler(service, options));
}

function match(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith('{')) {
      let value: string;
      try {
        value = decodeURIComponent(segments[i]);
      } catch {
        throw new HttpProblem(400, 'bad_request', 'Malformed path');
      }
      const checked = idSchema.safeParse(value);
      if (!checked.success) throw new HttpProblem(400, 'bad_request', `Invalid ${p.slice(1, -1)}`);
      params[p.slice(1, -1)] = checked.data;
    } else if (p !== segments[i]) {
      return undefined;
    }
  }
  return params;
}

async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpProblem(413, 'bad_request', `Body larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpProblem(400, 'bad_request', 'Body is not valid JSON');
  }
}

function toErrorReply(err: unknown): Reply {
  if (isDomainError(err)) {
    return { status: statusByCode[err.code], body: errorBody(err.code, err.message, err.details) };
  }
  if (err instanceof HttpProblem) return { status: err.status, body: errorBody(err.code, err.message, err.details) };
  // Unexpected: no internals on the wire.
  return { status: 500, body: errorBody('internal', 'Internal error') };
}

function errorBody(code: string, message: string, details: Record<string, string | number | undefined> = {}): ErrorBody {
  const clean: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(details)) if (v !== undefined) clean[k] = v;
  return { error: { code, message, details: clean } };
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const json = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    'cache-control': 'no-store',
    ...reply.headers,
  });
  res.end(json);
}

function single(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function describeZodError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

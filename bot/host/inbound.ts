import type { Activity, TurnContext } from 'botbuilder';
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator';
import { languageFromLocale, type Language, type Localizer } from '../i18n/i18n';
import type { Logger } from '../logging/logger';
import { adaptiveCardActionSchema, inboundActivitySchema, jsonDepthExceeds, type InboundActivity } from './activitySchema';
import { TURN_ANSWERED, TURN_FAILED, TURN_OBSERVER, TURN_TRACING, type GuardedAdapter, type TurnMarker } from './adapter';
import type { turnTracing, TurnTracing } from '../telemetry/instrumentedPorts';
import { unobserved, type Attributes, type TurnObserver } from '../telemetry/observer';
import { noTelemetry, type Carrier, type SpanRef, type Telemetry } from '../telemetry/telemetry';
import { ActivityDedup, type FirstAnswer } from './dedup';
import { tenantAllowed } from './tenantGate';
import { TURN_LOG } from './turnLog';

export type HttpAnswer = FirstAnswer;

export interface InboundDeps {
  telemetry?: Telemetry;
  /** With telemetry on: makes each turn's traced ports (instrumentedPorts.ts). */
  tracing?: ReturnType<typeof turnTracing>;
  adapter: GuardedAdapter;
  host: { run(context: TurnContext): Promise<void> };
  dedup: ActivityDedup;
  allowedTenants: readonly string[];
  localizer: Localizer;
  defaultLanguage: Language;
  log: Logger;
  newId: () => string;
}

/** Bot Framework's ErrorResponse shape; the message is ours, never an exception's. */
const transportError = (status: number, code: string, message: string, extra: Record<string, unknown> = {}): HttpAnswer => ({
  status,
  body: { error: { code, message, ...extra } },
});

/** Universal Actions error answer (DOMAIN.md §7). */
const invokeError = (status: number, code: string, message: string, extra: Record<string, unknown> = {}): HttpAnswer => ({
  status,
  body: { statusCode: status, type: 'application/vnd.microsoft.error', value: { code, message, ...extra } },
});

/** Ids and verbs only: activities carry typed text and card input values that logs must not keep. */
function logFields(a: InboundActivity) {
  const value = (a as { value?: { action?: { verb?: unknown } } }).value;
  const verb = typeof value?.action?.verb === 'string' ? value.action.verb.slice(0, 64) : undefined;
  return { type: a.type, name: a.name ?? undefined, verb, channelId: a.channelId };
}

/**
 * POST /api/messages, in order: body shape → Bot Framework authentication → tenant allow-list →
 * de-duplication of retried activities → the bot. Every refusal happens before any bot logic and
 * every answer is built here, so no library or exception text reaches the caller.
 */
/**
 * `answered` (from the HTTP server): resolves once the answer this returns has been written.
 * `headers`: the request's headers, whose W3C trace context (if any) the turn's span continues.
 */
export type InboundHandler = (body: unknown, authHeader: string | undefined, answered?: Promise<void>, headers?: Carrier) => Promise<HttpAnswer>;

export function createInboundHandler(deps: InboundDeps): InboundHandler {
  const handle = handler(deps);
  const telemetry = deps.telemetry ?? noTelemetry;
  if (!telemetry.enabled) return (body, authHeader, answered) => handle(body, authHeader, answered, unobserved, undefined);
  // One span per activity (a request in Azure Monitor), with what the domain noted about it, and its metrics.
  return (body, authHeader, answered, headers) => {
    const a = (typeof body === 'object' && body !== null ? body : {}) as { type?: unknown; name?: unknown; channelData?: { tenant?: { id?: unknown } } };
    const type = typeof a.type === 'string' ? a.type.slice(0, 40) : 'unknown';
    const name = typeof a.name === 'string' ? a.name.slice(0, 60) : undefined;
    const tenant = typeof a.channelData?.tenant?.id === 'string' ? a.channelData.tenant.id.slice(0, 64) : undefined;
    const started = performance.now();
    const attributes: Attributes = { 'activity.type': type, 'activity.name': name, 'tenant.id': tenant, 'http.request.method': 'POST', 'url.path': '/api/messages' };
    return telemetry.span(`turn ${name ?? type}`, 'server', attributes, async (span) => {
      const notes: Attributes = {};
      const observer: TurnObserver = {
        note: (more) => {
          Object.assign(notes, more);
          span.set(more);
        },
      };
      const tracing = deps.tracing?.forTurn(span.ref);
      const answer = await handle(body, authHeader, answered, observer, span.ref, tracing);
      tracing?.end();
      const outcome = notes['bot.outcome'] ?? outcomeOf(answer.status);
      span.set({ 'http.response.status_code': answer.status, 'bot.outcome': outcome });
      telemetry.metrics.turn(performance.now() - started, { activity_type: type, intent: notes['bot.intent'], decision: notes['bot.decision'], flow: notes['bot.flow'], outcome, language_model: notes['bot.llm'] });
      return answer;
    }, headers);
  };
}

/** What a turn came to, from its HTTP answer, when the domain did not say. */
function outcomeOf(status: number): string {
  if (status === 401 || status === 403) return 'refused';
  if (status === 202) return 'duplicate';
  if (status >= 500) return 'failed';
  if (status >= 400) return 'bad_request';
  return 'ok';
}

function handler(deps: InboundDeps) {
  const { adapter, dedup, log } = deps;

  return async (body: unknown, authHeader: string | undefined, answered: Promise<void> | undefined, observer: TurnObserver, span: SpanRef | undefined, tracing?: TurnTracing): Promise<HttpAnswer> => {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return transportError(400, 'BadRequest', 'The body must be a Bot Framework activity (a JSON object).');
    }
    if (jsonDepthExceeds(body)) return transportError(400, 'BadRequest', 'The activity is nested too deeply.');
    const parsed = inboundActivitySchema.safeParse(body);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.')))].slice(0, 10);
      return transportError(400, 'BadRequest', 'The activity is not valid.', { fields });
    }
    const activity = parsed.data;
    if (activity.type === 'invoke' && !activity.name) return transportError(400, 'BadRequest', 'The activity is not valid.', { fields: ['name'] });
    if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action' && !adaptiveCardActionSchema.safeParse((activity as { value?: unknown }).value).success) {
      return transportError(400, 'BadRequest', 'The activity is not valid.', { fields: ['value.action'] });
    }
    const botActivity = validateAndFixActivity(activity as unknown as Activity);

    const auth = await adapter.authenticate(botActivity, authHeader ?? '');
    if (!auth.ok) {
      log.warn({ status: auth.status, reason: auth.reason, activityId: activity.id?.slice(0, 128), ...logFields(activity) }, 'inbound request refused');
      return auth.status === 401 ? transportError(401, 'Unauthorized', 'Unauthorized.') : transportError(503, 'ServiceUnavailable', 'Try again later.');
    }

    const correlationId = deps.newId();
    // With telemetry on, every line of the turn names its trace and span.
    const turnLog = log.child({ correlationId, activityId: activity.id?.slice(0, 128), ...span });
    turnLog.info(logFields(activity), 'activity received');

    if (!tenantAllowed(deps.allowedTenants, activity)) {
      observer.note({ 'bot.outcome': 'refused' });
      const tenantId = (activity.channelData?.tenant?.id ?? activity.conversation.tenantId ?? '').slice(0, 64);
      turnLog.warn({ tenantId, ...logFields(activity) }, 'tenant not allowed: refused before bot logic');
      const t = deps.localizer.t(languageFromLocale(activity.locale ?? undefined) ?? deps.defaultLanguage);
      if (activity.type === 'invoke') return invokeError(403, 'Forbidden', t('errors.tenant_not_allowed'));
      if (activity.type === 'message') {
        // A person wrote to the bot: one short sentence so they know why nothing happens. Nothing else runs.
        await adapter.runTurn(auth.result, botActivity, async (context) => {
          await context.sendActivity(t('errors.tenant_not_allowed'));
        });
      }
      return { status: 200 };
    }

    void dedup.sweep().catch((e: unknown) => turnLog.error({ err: errorFields(e) }, 'dedup sweep failed'));
    const claim = activity.id ? await dedup.claim(ActivityDedup.keyOf(activity.channelId, activity.conversation.id, activity.id)) : undefined;
    if (claim?.kind === 'answered') {
      turnLog.info({ status: claim.answer.status }, 'retried activity answered with the first answer');
      observer.note({ 'bot.outcome': 'duplicate' });
      return claim.answer;
    }
    if (claim?.kind === 'inflight') {
      turnLog.info({}, 'retried activity still running: the first delivery answers');
      return { status: 202 };
    }

    let failed = false;
    let answer: HttpAnswer;
    try {
      const marker: TurnMarker = { failed: false };
      const result = await adapter.runTurn(auth.result, botActivity, async (context) => {
        context.turnState.set(TURN_LOG, turnLog);
        context.turnState.set(TURN_OBSERVER, observer);
        if (tracing) context.turnState.set(TURN_TRACING, tracing);
        context.turnState.set(TURN_FAILED, marker);
        if (answered) context.turnState.set(TURN_ANSWERED, answered);
        await deps.host.run(context);
      });
      failed = marker.failed;
      answer = { status: result?.status ?? 200, body: result?.body };
    } catch (e) {
      turnLog.error({ err: errorFields(e) }, 'turn failed outside the bot');
      failed = true;
      answer = { status: 500 };
    }
    // onTurnError ran (it marks the turn) or the pipeline threw: never return what the library made of it.
    failed = failed || (answer.status >= 500 && answer.status !== 501);
    if (failed) {
      observer.note({ 'bot.outcome': 'failed' });
      if (claim?.kind === 'run') await dedup.abandon(claim);
      if (activity.type === 'invoke') return invokeError(500, 'InternalError', 'The bot could not handle this action.', { correlationId });
      return activity.type === 'message' ? { status: 200 } : transportError(500, 'InternalError', 'The bot could not handle this activity.', { correlationId });
    }
    if (claim?.kind === 'run' && !(await dedup.finish(claim, answer))) turnLog.warn({}, 'dedup record was taken over while the turn ran');
    return answer;
  };
}

function errorFields(e: unknown) {
  return e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : { message: String(e) };
}

import { randomUUID } from 'node:crypto';
import { createBackends } from './backends/createBackends';
import { createStorage } from './backends/createStorage';
import { TemplateCardRenderer } from './cards/cardRenderer';
import type { Config } from './config/config';
import { BackgroundTasks } from './flows/backgroundTasks';
import { releaseHeldChanges, startRecovery } from './flows/recoverChanges';
import { startRetention } from './flows/retention';
import { createCollaboration } from './collaboration/createCollaboration';
import { demoData, demoPartnerRegistrations } from './demo/demoData';
import { PartnerOfRecordBot } from './conversation/partnerOfRecordBot';
import type { FlowServices } from './flows/services';
import { createAdapter, type GuardedAdapter } from './host/adapter';
import { ActivityDedup } from './host/dedup';
import { createInboundHandler, type InboundHandler } from './host/inbound';
import { BotMessenger } from './host/botMessenger';
import { teamsChannelAddressing } from './host/channelAddressing';
import { TeamsHostBot } from './host/teamsBot';
import { createLocalizer } from './i18n/i18n';
import { createBotIdentity, type BotIdentity } from './identity/botIdentity';
import { countedAudit, outboxObserver, turnTracing } from './telemetry/instrumentedPorts';
import { unobserved } from './telemetry/observer';
import { noTelemetry, type Telemetry } from './telemetry/telemetry';
import type { Logger } from './logging/logger';
import { createLanguageModelReader } from './nlu/llm/languageModelReader';
import { parseRequest } from './nlu/parseRequest';
import { timeOrderedId } from './storage/timeOrderedId';

export interface App {
  bot: PartnerOfRecordBot;
  services: FlowServices;
  adapter: GuardedAdapter;
  host: TeamsHostBot;
  /** POST /api/messages: validation, authentication, tenant allow-list, retry de-duplication, the bot. */
  inbound: InboundHandler;
  /** Starts finishing changes interrupted by a crash (now and every RECOVERY_INTERVAL_MS) and the retention sweep; call once the server listens. */
  startRecovery(): void;
  telemetry: Telemetry;
  /** GET /readyz: the store answers, the NLU model is loaded, the instance is not stopping. */
  readiness(): Promise<Readiness>;
  /** The first step of a stop: /readyz answers 503 from now on (the server refuses new activities). */
  beginStop(): void;
  readonly stopping: boolean;
  /**
   * The rest of a stop, once no turn is in flight: changes and deliveries in flight get until `deadline`
   * (ms since epoch) to finish; what this instance still holds then is handed over to other instances;
   * telemetry is flushed and the store closed.
   */
  close(deadline?: number): Promise<void>;
}

export interface Readiness {
  ready: boolean;
  checks: { store: boolean; model: boolean; stopping: boolean };
}

/** What main.ts starts before the app (tests leave them out: no telemetry, the identity from the settings). */
export interface AppOptions {
  identity?: BotIdentity;
  telemetry?: Telemetry;
}

/** Composition root: builds the ports from configuration and hands them to the domain bot and its host. */
export async function createApp(config: Config, log: Logger, options: AppOptions = {}): Promise<App> {
  // One identity for the Bot Connector and, when set to use it, Graph, billing, Blob Storage and Azure Monitor.
  const identity = options.identity ?? createBotIdentity(config, { timeoutMs: config.GRAPH_TIMEOUT_MS });
  const telemetry = options.telemetry ?? noTelemetry;
  const storage = createStorage(config, log, identity);
  // With telemetry on, each turn wraps the ports so their calls are its child spans (the host does it); off, they are used bare.
  const on = telemetry.enabled;
  const store = storage.store;
  const { billing, directory } = await createBackends(config, {
    store,
    demoData: config.DEMO_SEED ? demoData() : undefined,
    onRetry: (info) => log.warn(info, 'backend call retried'),
    identity,
    traceHeaders: on ? (headers) => telemetry.propagate(headers) : undefined,
  });
  const localizer = createLocalizer();
  const adapter = createAdapter(config, log, localizer, config.DEFAULT_LANGUAGE, identity);
  const services: FlowServices = {
    billing,
    directory,
    store,
    audit: on ? countedAudit(storage.audit, telemetry) : storage.audit,
    messenger: new BotMessenger(adapter, config.MicrosoftAppId),
    cards: new TemplateCardRenderer(),
    localizer,
    parse: parseRequest,
    log,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    now: () => new Date(),
    // Time-ordered: drafts and the records named after them are stored next to each other (fewer pages per commit).
    newId: () => timeOrderedId(),
    resilience: {
      instanceId: randomUUID(),
      applyLeaseMs: config.APPLY_LEASE_MS,
      confirmAckMs: config.CONFIRM_ACK_MS,
      background: new BackgroundTasks(log),
    },
    observer: unobserved,
  };
  const languageModel = createLanguageModelReader(config, identity);
  if (languageModel) {
    services.languageModel = languageModel;
    // Said once at start-up: with a model on, message text leaves the bot for the configured endpoint.
    log.info({ mode: languageModel.mode, model: languageModel.model, auth: config.LLM_AUTH }, 'language model on: messages the classifier is unsure about are also read by the model');
  }
  services.collaboration = await createCollaboration(services, config, teamsChannelAddressing, config.DEMO_SEED ? demoPartnerRegistrations() : [], on ? outboxObserver(telemetry) : undefined);
  if (on) {
    const outbox = services.collaboration.outbox;
    telemetry.metrics.observeOutboxDepth(async () => (await outbox.dueIds()).length);
  }
  // Resumes whatever proactive messages a previous run left undelivered.
  services.collaboration.dispatcher.start();
  const bot = new PartnerOfRecordBot(services);
  const host = new TeamsHostBot(bot, services, log);
  const inbound = createInboundHandler({
    telemetry,
    tracing: on ? turnTracing(telemetry, { billing: config.BILLING_BACKEND, directory: config.DIRECTORY_BACKEND }) : undefined,
    adapter,
    host,
    dedup: new ActivityDedup(store, { now: services.now }),
    allowedTenants: config.ALLOWED_TENANTS,
    localizer,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    log,
    newId: services.newId,
  });
  let recovery: { stop(): Promise<void> } | undefined;
  let retention: { stop(): Promise<void> } | undefined;
  let stopping = false;
  let closed = false;
  return {
    bot,
    services,
    adapter,
    host,
    inbound,
    telemetry,
    startRecovery: () => {
      recovery ??= startRecovery(services, config.RECOVERY_INTERVAL_MS);
      retention ??= startRetention(services, config.RETENTION_DAYS);
    },
    get stopping() {
      return stopping;
    },
    beginStop: () => {
      stopping = true;
    },
    readiness: async () => {
      // The model is read when the parser module loads: a bot without it does not start. The store is
      // asked for a record, so a store that no longer answers (a lost role, a full disk) shows here.
      let storeOk = false;
      if (!closed) {
        try {
          await withTimeout(storage.store.get('readiness:probe'), 2000);
          storeOk = true;
        } catch (e) {
          log.warn({ err: e instanceof Error ? { name: e.name, message: e.message.slice(0, 200) } : String(e) }, 'readiness: store did not answer');
        }
      }
      const checks = { store: storeOk, model: typeof services.parse === 'function', stopping };
      return { ready: checks.store && checks.model && !stopping, checks };
    },
    close: async (deadline = Number.POSITIVE_INFINITY) => {
      stopping = true;
      await recovery?.stop();
      await retention?.stop();
      // Changes finishing in the background (billing slower than CONFIRM_ACK_MS) and the delivery in flight.
      const finished = await services.resilience.background.drain(deadline);
      if (!finished) log.warn({ left: services.resilience.background.size }, 'stop: work still running at the deadline');
      await services.collaboration?.dispatcher.stop(deadline);
      // Whatever this instance still holds goes to the others now, not when its lease would lapse.
      try {
        await releaseHeldChanges(services);
      } catch (e) {
        log.error({ err: e instanceof Error ? { name: e.name, message: e.message } : String(e) }, 'stop: held changes could not be released');
      }
      await telemetry.shutdown().catch((e: unknown) => log.warn({ err: e instanceof Error ? e.message : String(e) }, 'stop: telemetry flush failed'));
      closed = true;
      adapter.close();
      await storage.close();
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([work, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

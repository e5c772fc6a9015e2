import { randomUUID } from 'node:crypto';
import { createBackends } from './backends/createBackends';
import { createStorage } from './backends/createStorage';
import { TemplateCardRenderer } from './cards/cardRenderer';
import type { Config } from './config/config';
import { BackgroundTasks } from './flows/backgroundTasks';
import { startRecovery } from './flows/recoverChanges';
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
import { createBotIdentity } from './identity/botIdentity';
import type { Logger } from './logging/logger';
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
  close(): Promise<void>;
}

/** Composition root: builds the ports from configuration and hands them to the domain bot and its host. */
export async function createApp(config: Config, log: Logger): Promise<App> {
  // One identity for the Bot Connector and, when set to use it, Graph, billing and Blob Storage.
  const identity = createBotIdentity(config, { timeoutMs: config.GRAPH_TIMEOUT_MS });
  const storage = createStorage(config, log, identity);
  const { store } = storage;
  const { billing, directory } = await createBackends(config, {
    store,
    demoData: config.DEMO_SEED ? demoData() : undefined,
    onRetry: (info) => log.warn(info, 'backend call retried'),
    identity,
  });
  const localizer = createLocalizer();
  const adapter = createAdapter(config, log, localizer, config.DEFAULT_LANGUAGE, identity);
  const services: FlowServices = {
    billing,
    directory,
    store,
    audit: storage.audit,
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
  };
  services.collaboration = await createCollaboration(services, config, teamsChannelAddressing, config.DEMO_SEED ? demoPartnerRegistrations() : []);
  // Resumes whatever proactive messages a previous run left undelivered.
  services.collaboration.dispatcher.start();
  const bot = new PartnerOfRecordBot(services);
  const host = new TeamsHostBot(bot, services, log);
  const inbound = createInboundHandler({
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
  return {
    bot,
    services,
    adapter,
    host,
    inbound,
    startRecovery: () => {
      recovery ??= startRecovery(services, config.RECOVERY_INTERVAL_MS);
      retention ??= startRetention(services, config.RETENTION_DAYS);
    },
    close: async () => {
      await recovery?.stop();
      await retention?.stop();
      await services.collaboration?.dispatcher.stop();
      await services.resilience.background.drain();
      await storage.close();
    },
  };
}

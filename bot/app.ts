import type { CloudAdapter } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import { createBackends } from './backends/createBackends';
import { createStorage } from './backends/createStorage';
import { TemplateCardRenderer } from './cards/cardRenderer';
import type { Config } from './config/config';
import { demoData } from './demo/demoData';
import { BackgroundTasks } from './flows/backgroundTasks';
import { startRecovery } from './flows/recoverChanges';
import { PartnerOfRecordBot } from './flows/router';
import type { FlowServices } from './flows/services';
import { createAdapter } from './host/adapter';
import { BotMessenger } from './host/botMessenger';
import { TeamsHostBot } from './host/teamsBot';
import { createLocalizer } from './i18n/i18n';
import type { Logger } from './logging/logger';
import { parseRequest } from './nlu/parseRequest';

export interface App {
  bot: PartnerOfRecordBot;
  services: FlowServices;
  adapter: CloudAdapter;
  host: TeamsHostBot;
  /** Starts finishing changes interrupted by a crash (now and every RECOVERY_INTERVAL_MS); call once the server listens. */
  startRecovery(): void;
  close(): Promise<void>;
}

/** Composition root: builds the ports from configuration and hands them to the domain bot and its host. */
export async function createApp(config: Config, log: Logger): Promise<App> {
  const storage = createStorage(config);
  const { store } = storage;
  const { billing, directory } = await createBackends(config, {
    store,
    demoData: config.DEMO_SEED ? demoData() : undefined,
    onRetry: (info) => log.warn(info, 'backend call retried'),
  });
  const localizer = createLocalizer();
  const adapter = createAdapter(config, log, localizer, config.DEFAULT_LANGUAGE);
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
    newId: () => randomUUID(),
    resilience: {
      instanceId: randomUUID(),
      applyLeaseMs: config.APPLY_LEASE_MS,
      confirmAckMs: config.CONFIRM_ACK_MS,
      background: new BackgroundTasks(log),
    },
  };
  const bot = new PartnerOfRecordBot(services);
  const host = new TeamsHostBot(bot, services, log);
  let recovery: { stop(): Promise<void> } | undefined;
  return {
    bot,
    services,
    adapter,
    host,
    startRecovery: () => {
      recovery ??= startRecovery(services, config.RECOVERY_INTERVAL_MS);
    },
    close: async () => {
      await recovery?.stop();
      await services.resilience.background.drain();
      await storage.close();
    },
  };
}

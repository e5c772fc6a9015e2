import type { CloudAdapter } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { createBackends } from './backends/createBackends';
import { TemplateCardRenderer } from './cards/cardRenderer';
import type { Config } from './config/config';
import { createCollaboration } from './collaboration/createCollaboration';
import { demoData, demoPartnerRegistrations } from './demo/demoData';
import { PartnerOfRecordBot } from './flows/router';
import type { FlowServices } from './flows/services';
import { createAdapter } from './host/adapter';
import { BotMessenger } from './host/botMessenger';
import { teamsChannelAddressing } from './host/channelAddressing';
import { TeamsHostBot } from './host/teamsBot';
import { createLocalizer } from './i18n/i18n';
import type { Logger } from './logging/logger';
import { parseRequest } from './nlu/parseRequest';
import { SqliteStore } from './storage/sqliteStore';

export interface App {
  bot: PartnerOfRecordBot;
  services: FlowServices;
  adapter: CloudAdapter;
  host: TeamsHostBot;
  close(): Promise<void>;
}

/** Composition root: builds the ports from configuration and hands them to the domain bot and its host. */
export async function createApp(config: Config, log: Logger): Promise<App> {
  const store = new SqliteStore(join(resolve(config.DATA_DIR), 'bot.sqlite'));
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
    audit: store,
    messenger: new BotMessenger(adapter, config.MicrosoftAppId),
    cards: new TemplateCardRenderer(),
    localizer,
    parse: parseRequest,
    log,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    now: () => new Date(),
    newId: () => randomUUID(),
  };
  services.collaboration = await createCollaboration(services, config, teamsChannelAddressing, config.DEMO_SEED ? demoPartnerRegistrations() : []);
  // Resumes whatever proactive messages a previous run left undelivered.
  services.collaboration.dispatcher.start();
  const bot = new PartnerOfRecordBot(services);
  const host = new TeamsHostBot(bot, services, log);
  const close = async () => {
    await services.collaboration?.dispatcher.stop();
    await store.close();
  };
  return { bot, services, adapter, host, close };
}

import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { createBackends } from './backends/createBackends';
import { TemplateCardRenderer } from './cards/cardRenderer';
import type { Config } from './config/config';
import { demoData } from './demo/demoData';
import { PartnerOfRecordBot } from './flows/router';
import type { FlowServices } from './flows/services';
import { createAdapter, type GuardedAdapter } from './host/adapter';
import { ActivityDedup } from './host/dedup';
import { createInboundHandler, type HttpAnswer } from './host/inbound';
import { BotMessenger } from './host/botMessenger';
import { TeamsHostBot } from './host/teamsBot';
import { createLocalizer } from './i18n/i18n';
import type { Logger } from './logging/logger';
import { parseRequest } from './nlu/parseRequest';
import { SqliteStore } from './storage/sqliteStore';

export interface App {
  bot: PartnerOfRecordBot;
  services: FlowServices;
  adapter: GuardedAdapter;
  host: TeamsHostBot;
  /** POST /api/messages: validation, authentication, tenant allow-list, retry de-duplication, the bot. */
  inbound(body: unknown, authHeader: string | undefined): Promise<HttpAnswer>;
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
  return { bot, services, adapter, host, inbound, close: () => store.close() };
}

import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { EmbeddedBillingService } from './billing/embeddedBillingService';
import { TemplateCardRenderer } from './cards/cardRenderer';
import type { Config } from './config/config';
import { demoData } from './demo/demoData';
import { EmbeddedDirectoryService } from './directory/embeddedDirectoryService';
import { PartnerOfRecordBot } from './flows/router';
import type { FlowServices } from './flows/services';
import { createLocalizer } from './i18n/i18n';
import type { Logger } from './logging/logger';
import { parseRequest } from './nlu/parseRequest';
import { SqliteStore } from './storage/sqliteStore';

export interface App {
  bot: PartnerOfRecordBot;
  services: FlowServices;
  close(): Promise<void>;
}

/** Composition root: builds the ports from configuration and hands them to the domain bot. */
export async function createApp(config: Config, log: Logger): Promise<App> {
  const store = new SqliteStore(join(resolve(config.DATA_DIR), 'bot.sqlite'));
  const billing = new EmbeddedBillingService(store);
  const directory = new EmbeddedDirectoryService(store);
  if (config.DEMO_SEED) {
    const data = demoData();
    await billing.seed(data);
    await directory.seed(data);
  }
  const services: FlowServices = {
    billing,
    directory,
    store,
    audit: store,
    cards: new TemplateCardRenderer(),
    localizer: createLocalizer(),
    parse: parseRequest,
    log,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    now: () => new Date(),
    newId: () => randomUUID(),
  };
  return { bot: new PartnerOfRecordBot(services), services, close: () => store.close() };
}

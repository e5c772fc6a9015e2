import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Config } from '../config/config';
import type { Localizer, Language } from '../i18n/i18n';
import type { Logger } from '../logging/logger';

/** CloudAdapter with Bot Framework authentication (off when MicrosoftAppId is empty, for local tools). */
export function createAdapter(config: Config, log: Logger, localizer: Localizer, language: Language): CloudAdapter {
  if (!config.MicrosoftAppId) log.warn({}, 'MicrosoftAppId is empty: Bot Framework authentication is OFF (local use only)');
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.MicrosoftAppId,
      MicrosoftAppPassword: config.MicrosoftAppPassword,
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    }),
  );
  adapter.onTurnError = async (context, error) => {
    // Logged with the stack here; the user gets a plain apology, never internals.
    log.error({ err: { name: error.name, message: error.message, stack: error.stack }, activityType: context.activity.type }, 'unhandled turn error');
    if (context.activity.type === 'message') await context.sendActivity(localizer.t(language)('failure.text'));
  };
  return adapter;
}

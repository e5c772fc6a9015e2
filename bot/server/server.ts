import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import * as restify from 'restify';
import type { App } from '../app';
import type { Config } from '../config/config';
import { TeamsHostBot } from '../host/teamsBot';
import type { Logger } from '../logging/logger';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** restify + CloudAdapter: POST /api/messages (Bot Framework auth unless no app id), GET /healthz. */
export async function startServer(config: Config, app: App, log: Logger): Promise<RunningServer> {
  const authOptions: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  if (!config.MicrosoftAppId) log.warn({}, 'MicrosoftAppId is empty: Bot Framework authentication is OFF (local use only)');
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(authOptions));
  adapter.onTurnError = async (context, error) => {
    // Logged with the stack here; the user gets a plain apology, never internals.
    log.error({ err: { name: error.name, message: error.message, stack: error.stack }, activityType: context.activity.type }, 'unhandled turn error');
    if (context.activity.type === 'message') {
      await context.sendActivity(app.services.localizer.t(app.services.defaultLanguage)('failure.text'));
    }
  };
  const host = new TeamsHostBot(app.bot, app.services.localizer, log);

  const server = restify.createServer({ name: 'partner-of-record-bot' });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
  server.get('/healthz', async (_req, res) => {
    res.json({ status: 'ok' });
  });
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => host.run(context));
  });

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const address = server.address();
  const url = `http://${config.HOST}:${address.port}`;
  log.info({ url: `${url}/api/messages` }, 'bot listening');
  return {
    url,
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

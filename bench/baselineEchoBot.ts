import * as ACData from 'adaptivecards-templating';
import { ActivityHandler, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import * as restify from 'restify';
import { serveIpc } from './targetProtocol';

/**
 * The baseline: an echo bot written the usual way (the botbuilder samples' shape) on restify and
 * CloudAdapter with authentication off, replying to every message with a small Adaptive Card that
 * adaptivecards-templating expands on each turn (the samples build the Template in the handler).
 * BENCH_BASELINE_TEMPLATE=cached builds the Template once instead, for comparison.
 */
const echoCard = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: '${title}', size: 'Large', weight: 'Bolder', wrap: true },
    { type: 'TextBlock', text: 'You said: ${text}', wrap: true },
    { type: 'FactSet', facts: [{ $data: '${facts}', title: '${title}', value: '${value}' }] },
  ],
  actions: [{ type: 'Action.Execute', title: '${button}', verb: 'echo.again', data: { verb: 'echo.again' } }],
};

async function main(): Promise<void> {
  const cached = process.env.BENCH_BASELINE_TEMPLATE === 'cached' ? new ACData.Template(echoCard) : undefined;
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (context, error) => {
    console.error('baseline turn error', error.message);
    await context.sendActivity('Sorry, something went wrong.');
  };

  class EchoBot extends ActivityHandler {
    constructor() {
      super();
      this.onMessage(async (context, next) => {
        const template = cached ?? new ACData.Template(echoCard);
        const card = template.expand({
          $root: {
            title: 'Echo',
            text: context.activity.text,
            facts: [
              { title: 'From', value: context.activity.from.name },
              { title: 'Conversation', value: context.activity.conversation.id },
            ],
            button: 'Again',
          },
        });
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        await next();
      });
    }
  }
  const bot = new EchoBot();

  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serveIpc({ stop: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${server.address().port}/api/messages` });
}

main().catch((e: unknown) => {
  console.error('baseline failed:', e);
  process.exit(1);
});

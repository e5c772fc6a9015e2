import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CardFactory, MessageFactory, TurnContext, type Activity } from 'botbuilder';
import { ConnectorClient } from 'botframework-connector';
import { ConnectorSender, type RequestSigner } from '../bot/host/connectorSender';
import { CARDS_DIR } from '../bot/paths';
import { FastConnector } from './fastConnector';

/**
 * CPU per message sent to a connector on loopback: botbuilder's ConnectorClient (what CloudAdapter
 * used for every reply) against the bot's connector sender, the same activity (an Adaptive Card of
 * the size of the add-partner form) and 20 sends in flight. The connector runs in this process, so
 * both numbers include its side of each request.
 *
 * `node dist/bench/connectorSend.js [sends per round=4000] [rounds=3]`
 */
const unsigned: RequestSigner = { signRequest: async (webResource) => webResource };

async function main(): Promise<void> {
  const perRound = Number(process.argv[2] ?? 4000);
  const rounds = Number(process.argv[3] ?? 3);
  const connector = await new FastConnector().start();
  // A card of the form's size (~2.6 KB): the template with its data left in, as the serializer walks it all.
  const card = JSON.parse(readFileSync(join(CARDS_DIR, 'partnerForm.json'), 'utf8')) as Record<string, unknown>;
  const activity = TurnContext.applyConversationReference(MessageFactory.attachment(CardFactory.adaptiveCard(card)), {
    activityId: 'f:1',
    bot: { id: 'bot', name: 'bot' },
    user: { id: '29:user', name: 'Alex', aadObjectId: 'aad' },
    conversation: { id: 'a:personal', conversationType: 'personal', tenantId: 'tenant', isGroup: false, name: '' },
    channelId: 'msteams',
    serviceUrl: connector.url,
  });
  const client = new ConnectorClient(unsigned as never, { baseUri: connector.url });
  const sender = new ConnectorSender();
  const ways: Record<string, (a: Partial<Activity>) => Promise<unknown>> = {
    "botbuilder's ConnectorClient": (a) => client.conversations.replyToActivity(a.conversation!.id, a.replyToId!, a),
    'connector sender': (a) => sender.send(connector.url, unsigned, a),
  };
  const run = async (send: (a: Partial<Activity>) => Promise<unknown>, n: number) => {
    let i = 0;
    await Promise.all(Array.from({ length: 20 }, async () => { while (i++ < n) await send({ ...activity }); }));
  };
  for (const send of Object.values(ways)) await run(send, 2000); // warm-up
  for (let round = 1; round <= rounds; round++) {
    for (const [name, send] of Object.entries(ways)) {
      const cpu0 = process.cpuUsage();
      await run(send, perRound);
      const cpu = process.cpuUsage(cpu0);
      console.log(`round ${round}: ${name}: ${((cpu.user + cpu.system) / perRound).toFixed(0)} µs CPU per send (${Buffer.byteLength(JSON.stringify(activity))} B activity)`);
    }
  }
  sender.close();
  await connector.stop();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

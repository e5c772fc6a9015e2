import { LITWARE_TENANT, USERS } from '../../bot/demo/demoData';
import { cardOf, cardText } from '../support/cards';
import { alex, megan } from '../support/demoUsers';
import type { TeamsUser } from '../support/teamsActivities';
import { channelActivity, HELPDESK_CHANNEL, TeamsWorld } from '../support/teamsWorld';

/** Admin (Alex) in personal chat, a partner's contact in another personal chat, and the helpdesk channel (Megan). */
const litware: TeamsUser = { tenantId: LITWARE_TENANT, aadObjectId: USERS.litwareContact, name: 'Lee Gu', locale: 'sv-SE' };
const agent: TeamsUser = { ...megan, name: 'Megan Bowen' };
const chat = (u: TeamsUser) => `a:personal-${u.aadObjectId}`;

let world: TeamsWorld;
beforeAll(async () => { world = await new TeamsWorld().start(); });
afterAll(async () => { await world.stop(); });

/** The newest ticket card posted in the helpdesk channel, and the thread its replies live in. */
function latestTicket() {
  const posted = world.cardsIn(HELPDESK_CHANNEL).at(-1);
  return posted && { ...posted, thread: `${HELPDESK_CHANNEL};messageid=${posted.id}` };
}

async function agentClicks(card: any, verb: string, conversationId: string, who = agent) {
  const action = card.actions.find((a: any) => a.verb === verb);
  const res = await world.post(channelActivity(who, world.connector.url, conversationId, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data: action.data } } }));
  expect(res.status).toBe(200);
  return res.body.value;
}

async function agentWrites(thread: string, text: string) {
  const before = world.connector.received.length;
  const res = await world.post(channelActivity(agent, world.connector.url, thread, {
    type: 'message',
    text: `<at>Partner bot</at> ${text}`,
    entities: [{ type: 'mention', mentioned: { id: '28:partner-bot', name: 'Partner bot' }, text: '<at>Partner bot</at>' }],
  }));
  expect(res.status).toBe(200);
  return world.connector.received.slice(before);
}

test('a ticket is opened, assigned, relayed both ways and handed back to the bot', async () => {
  await world.say(litware, 'hej');
  await world.say(alex, 'who are our partners?');
  const asked = await world.say(alex, 'I want to talk to a real person');
  expect(cardText(cardOf(asked.find(cardOf)))).toContain("I've asked the helpdesk for a person.");

  // The Bot Framework handoff event goes out with the transcript, for an agent hub.
  const handoff = asked.find((a) => a.type === 'event');
  expect(handoff?.name).toBe('handoff.initiate');
  expect(JSON.stringify(handoff.attachments)).toContain('who are our partners?');

  const ticket = await world.until(latestTicket, 'ticket card in the helpdesk channel');
  const text = cardText(ticket.card);
  expect(text).toContain('Helpdesk request from Alex Wilber');
  expect(text).toContain('Organization: Contoso (00000000-0000-0000-0000-0000000000001)');
  expect(text).toContain('Status: Waiting for someone');
  expect(text).toMatch(/What they asked\n- who are our partners\?/);
  expect(text).toMatch(/The bot's last answers\n- Your partners/);

  // Before anyone takes it, a reply in the thread is not relayed.
  const early = await agentWrites(ticket.thread, 'hello?');
  expect(early.map((r) => r.body.text)).toEqual([expect.stringContaining('Select Assign to me on the ticket first')]);

  const assigned = await agentClicks(ticket.card, 'ticket.assign', ticket.thread);
  expect(cardText(assigned)).toContain('Status: Assigned to Megan Bowen');
  expect(assigned.refresh.action.verb).toBe('ticket.refresh');
  await world.until(() => world.textsIn(chat(alex)).find((t) => t.includes('Megan Bowen from the helpdesk picked up your request')), 'admin told who picked it up');

  // While assigned, the admin's messages reach the thread and the bot stays quiet.
  const quiet = await world.say(alex, 'our E3 partner looks wrong');
  expect(quiet).toEqual([]);
  expect(world.textsIn(ticket.thread)).toContain('Alex Wilber: our E3 partner looks wrong');

  // The agent's reply in the thread reaches the admin.
  await agentWrites(ticket.thread, "I'll check it now");
  expect(world.textsIn(chat(alex))).toContain("Megan Bowen (helpdesk): I'll check it now");

  // The partner's chat is untouched by all of this.
  expect(world.textsIn(chat(litware))).toEqual([]);

  const handedBack = await agentClicks(assigned, 'ticket.handBack', ticket.thread);
  expect(cardText(handedBack)).toContain('Status: Handed back to the bot');
  expect(handedBack.actions ?? []).toEqual([]);
  await world.until(() => world.textsIn(chat(alex)).find((t) => t.includes('Megan Bowen handed the conversation back to me')), 'admin told');
  const answered = await world.say(alex, 'who are our partners?');
  expect(cardText(cardOf(answered.find(cardOf)))).toContain('Your partners');
});

test('a blocked request offers a person; the admin can end it before anyone picks it up', async () => {
  const blocked = await world.say(alex, 'remove our reseller');
  const card = cardOf(blocked.find(cardOf));
  expect(cardText(card)).toContain("You can't remove a reseller relationship yourself");
  const tickets = world.cardsIn(HELPDESK_CHANNEL).length;
  const request = () => world.post({ ...channelActivity(alex, world.connector.url, chat(alex), {}), conversation: { id: chat(alex), conversationType: 'personal', tenantId: alex.tenantId }, type: 'invoke', name: 'adaptiveCard/action', replyToId: 'x', value: { action: { type: 'Action.Execute', verb: 'handoff.request', data: { verb: 'handoff.request' } } } });
  // A double click on "Talk to a person": one ticket, the other click is told it is already with the helpdesk.
  const answers = (await Promise.all([request(), request()])).map((r) => cardText(r.body.value));
  expect(answers.filter((a) => a.includes("I've asked the helpdesk for a person."))).toHaveLength(1);
  expect(answers.filter((a) => a.includes('Your request is already with the helpdesk.'))).toHaveLength(1);
  const ticket = await world.until(() => world.cardsIn(HELPDESK_CHANNEL).length > tickets && latestTicket(), 'second ticket');
  await new Promise((r) => setTimeout(r, 300));
  expect(world.cardsIn(HELPDESK_CHANNEL).length).toBe(tickets + 1);
  expect(cardText(ticket.card)).toMatch(/What they asked\n- who are our partners\?\n- remove our reseller\n/);
  expect(cardText(ticket.card)).not.toContain('our E3 partner looks wrong'); // that went to the first ticket's agent

  const again = await world.say(alex, 'can I talk to someone?');
  expect(cardText(cardOf(again.find(cardOf)))).toContain('Your request is already with the helpdesk.');

  const back = await world.say(alex, 'back to the bot');
  expect(back.map((a) => a.text)).toContain("You're back with the bot. The helpdesk was told.");
  const update = await world.until(() => world.updatesOf(HELPDESK_CHANNEL, ticket.id).at(-1), 'ticket card updated in place');
  expect(cardText(update)).toContain('Status: Ended by the requester');
  expect(world.textsIn(ticket.thread)).toContain('Alex Wilber ended the conversation and is back with the bot.');
});

test('ticket buttons work only in the helpdesk channel; an agent hub can accept through handoff.status', async () => {
  await world.say(alex, 'helpdesk please');
  const ticket = await world.until(() => latestTicket(), 'third ticket');
  const outside = await agentClicks(ticket.card, 'ticket.assign', chat(agent));
  expect(cardText(outside)).toContain('Only the helpdesk channel can act on tickets.');

  const before = world.connector.received.length;
  const status = await world.post({ ...channelActivity(alex, world.connector.url, chat(alex), {}), conversation: { id: chat(alex), conversationType: 'personal', tenantId: alex.tenantId }, type: 'event', name: 'handoff.status', value: { state: 'accepted' } });
  expect(status.status).toBe(200);
  const said = world.connector.received.slice(before).map((r) => r.body?.text);
  expect(said).toContain('An agent from the helpdesk picked up your request. Your messages now go to them and I stay quiet until they hand you back. Type "back to the bot" to end.');
  await world.say(alex, 'back to the bot');
});

test('tickets survive a restart: a message relayed after it still arrives', async () => {
  await world.say(alex, 'talk to a human');
  const ticket = await world.until(() => latestTicket(), 'ticket');
  await agentClicks(ticket.card, 'ticket.assign', ticket.thread);
  await world.restart();
  await world.say(alex, 'still there?');
  expect(world.textsIn(ticket.thread)).toContain('Alex Wilber: still there?');
  const resolved = await agentClicks(ticket.card, 'ticket.resolve', ticket.thread);
  expect(cardText(resolved)).toContain('Status: Resolved');
  await world.until(() => world.textsIn(chat(alex)).find((t) => t.includes('Megan Bowen marked your request as resolved')), 'admin told');
});

test('a refusal offers a person at once; two failed answers in a row offer one too', async () => {
  const adele: TeamsUser = { tenantId: alex.tenantId, aadObjectId: USERS.adele, name: 'Adele Vance', locale: 'en-US' };
  const refused = cardOf((await world.say(adele, 'add partner 1234567 to E3')).find(cardOf));
  expect(cardText(refused)).toContain('you must be a Global admin or a Billing admin');
  expect(refused.actions.map((a: any) => [a.title, a.verb])).toEqual([['Talk to a person', 'handoff.request']]);

  // Failures (not refusals): the first stands alone, the second in a row carries the offer.
  const card = { actions: [{ type: 'Action.Execute', verb: 'draft.confirm', data: { verb: 'draft.confirm', draftId: 'not-a-draft' } }] };
  const first = await world.click(alex, card, 'draft.confirm', 'some-card');
  expect(cardText(first.card)).toContain("I can't use that");
  expect(first.card.actions ?? []).toEqual([]);
  const second = await world.click(alex, card, 'draft.confirm', 'some-card');
  expect(second.card.actions.map((a: any) => a.verb)).toContain('handoff.request');
});

test('a helpdesk channel the bot cannot reach cancels the ticket and tells the admin', async () => {
  const adele: TeamsUser = { tenantId: alex.tenantId, aadObjectId: USERS.adele, name: 'Adele Vance', locale: 'en-US' };
  await world.say(adele, 'hi');
  world.connector.faults.push({ status: 403, match: HELPDESK_CHANNEL, body: { error: { code: 'BotNotInConversationRoster', message: 'not in team' } } });
  const asked = await world.say(adele, 'talk to a person please');
  expect(cardText(cardOf(asked.find(cardOf)))).toContain("I've asked the helpdesk for a person.");
  await world.until(() => world.textsIn(chat(adele)).find((t) => t.includes("I couldn't reach the helpdesk")), 'admin told the helpdesk is unreachable');
  // Not stuck: the next request opens a new ticket.
  const again = await world.say(adele, 'talk to a person please');
  expect(cardText(cardOf(again.find(cardOf)))).toContain("I've asked the helpdesk for a person.");
});

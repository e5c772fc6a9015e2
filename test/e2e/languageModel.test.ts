import { CONTOSO, SUBS, USERS } from '../../bot/demo/demoData';
import { createLocalizer } from '../../bot/i18n/i18n';
import { BotHarness } from '../support/botHarness';
import { cardText } from '../support/cards';
import { alex, megan } from '../support/demoUsers';
import { FakeChatCompletions, reading, type ScriptedAnswer } from '../support/fakeChatCompletions';
import { lastCard, press, subscription } from '../support/flowHelpers';
import { channelActivity, HELPDESK_CHANNEL, TeamsWorld } from '../support/teamsWorld';

/**
 * Issue 23 through the real server and connector, with NLU_LLM=unsure and an OpenAI-compatible endpoint
 * on loopback: the model reads only what the classifier is unsure about; what it says is used within
 * the safety rules; whatever goes wrong with it, the admin gets the classifier's question back, and
 * nothing is applied that the admin did not confirm.
 */
const en = createLocalizer().t('en');
const E3_PARTNER = '4391507';

/** Each test in a chat of its own: no follow-up reads across tests. */
let chat = 0;
const inNewChat = () => ({ ...alex, conversationId: `19:llm-test-${++chat}` });

const scripted = (fields: Parameters<typeof reading>[0]): ScriptedAnswer => ({ content: JSON.stringify(reading(fields)) });

describe('a language model for the messages the classifier is unsure about', () => {
  let fake: FakeChatCompletions;
  let bot: BotHarness;
  beforeAll(async () => {
    fake = await new FakeChatCompletions().start();
    fake.acceptAuthorization = (value) => value === 'Bearer sk-loopback';
    bot = await new BotHarness(
      { NLU_LLM: 'unsure', LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'gpt-4.1-mini', LLM_API_KEY: 'sk-loopback', LLM_TIMEOUT_MS: '400' },
      undefined,
      { captureLogs: true },
    ).start();
  });
  afterAll(async () => {
    await bot.stop();
    await fake.stop();
  });
  beforeEach(() => {
    fake.received.length = 0;
  });

  const e3Partner = async () => (await subscription(bot, CONTOSO, SUBS.e3)).partnerOfRecord?.partnerId;

  test('a message the classifier is sure of never reaches the model', async () => {
    fake.answer = () => scripted({ intent: 'help', confidence: 0.99 });
    const card = lastCard(await bot.say(inNewChat(), 'add partner 1234567 to Business Premium'));
    expect(cardText(card)).toContain(en('confirm.add.title'));
    expect(fake.received).toHaveLength(0);
  });

  test('a look-alike the classifier asks about ("add Megan to the partner channel"): the model reads it as something else, and the bot says what it can do instead of asking', async () => {
    fake.answer = () => scripted({ intent: 'unknown', confidence: 0.95 });
    const user = inNewChat();
    const card = lastCard(await bot.say(user, 'can you add Megan to the partner channel'));
    expect(cardText(card)).toContain(en('welcome.notUnderstood'));
    expect(cardText(card)).not.toContain(en('clarify.title'));
    expect(fake.received).toHaveLength(1);
    // The model was sent the message and the tenant by names, never who asked, from where, or a token.
    const sent = fake.received[0]!.raw;
    expect(FakeChatCompletions.messageOf(fake.received[0]!)).toBe('can you add Megan to the partner channel');
    for (const secret of [CONTOSO, USERS.alex, user.conversationId, 'Alex Wilber', 'sk-loopback']) expect(sent).not.toContain(secret);
  });

  test('the model says "remove" where the classifier leans elsewhere: a destructive disagreement is asked back, the model\'s reading first', async () => {
    fake.answer = () => scripted({ intent: 'remove_partner', confidence: 0.97 });
    const question = lastCard(await bot.say(inNewChat(), 'can you add Megan to the partner channel'));
    const text = cardText(question);
    expect(text).toContain(en('clarify.title'));
    const intents = question.actions.map((a: { data?: { intent?: string } }) => a.data?.intent).filter(Boolean);
    expect(intents[0]).toBe('remove_partner');
    expect(intents).toContain('add_partner');
    expect(await e3Partner()).toBe(E3_PARTNER);
  });

  test('the model says "view" where the classifier leaned to a removal: asked back too, not acted on either way', async () => {
    fake.answer = () => scripted({ intent: 'view_partners', confidence: 0.95 });
    const question = lastCard(await bot.say(inNewChat(), 'kan du fixa partnern'));
    expect(cardText(question)).toContain(createLocalizer().t('sv')('clarify.title'));
    const intents = question.actions.map((a: { data?: { intent?: string } }) => a.data?.intent).filter(Boolean);
    expect(intents.slice(0, 2)).toEqual(['view_partners', 'remove_partner']);
  });

  test.each<[string, () => ScriptedAnswer, string]>([
    ['malformed JSON', () => ({ content: '{"intent":"remove_partner","confidence":0.99' }), 'invalid_answer'],
    ['an answer outside the schema', () => scripted({ intent: 'remove_everything', confidence: 0.99 }), 'invalid_answer'],
    ['an invented Partner ID', () => scripted({ intent: 'change_partner', confidence: 0.99, newPartnerId: '7777777', subscriptions: ['Office 365 E3'] }), 'invented_id'],
    ['a model slower than LLM_TIMEOUT_MS', () => ({ delayMs: 3000, ...scripted({ intent: 'remove_partner', confidence: 0.99 }) }), 'timeout'],
    ['a server error', () => ({ status: 500 }), 'unavailable'],
  ])('%s: the classifier\'s question back, nothing applied, the failure counted in the log', async (_kind, answer, failure) => {
    fake.answer = answer;
    const logsBefore = bot.logs.length;
    const started = Date.now();
    const question = lastCard(await bot.say(inNewChat(), 'the Fabrikam thing on E3, can we sort it'));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(cardText(question)).toContain(en('clarify.title'));
    expect(cardText(question)).not.toContain('7777777');
    expect(await e3Partner()).toBe(E3_PARTNER);
    const logged = bot.logs.slice(logsBefore).map((l) => JSON.parse(l)).find((l) => l.llm !== undefined);
    expect(logged).toMatchObject({ llm: failure, msg: "language model failed: the classifier's answer stands" });
    expect(JSON.stringify(bot.logs.slice(logsBefore))).not.toContain('Fabrikam thing');
  });

  test('the model reads a removal into a message the classifier is unsure of: not started on the model\'s word, but first in the question; clicked, the same confirmation card, applied on confirm', async () => {
    fake.answer = () => scripted({ intent: 'remove_partner', confidence: 0.93, partners: [{ name: 'Fabrikam', role: 'old' }], subscriptions: ['Office 365 E3'] });
    const user = inNewChat();
    const question = lastCard(await bot.say(user, 'the Fabrikam thing on E3, can we sort it'));
    expect(cardText(question)).toContain(en('clarify.title'));
    const buttons = question.actions.filter((a: { data?: { intent?: string } }) => a.data?.intent);
    expect(buttons[0].data.intent).toBe('remove_partner');
    const clicked = await bot.click(user, 'clarify.choose', buttons[0].data);
    const confirm = lastCard(clicked.messages);
    expect(cardText(confirm)).toContain(en('confirm.remove.title'));
    expect(cardText(confirm)).toContain('Office 365 E3');
    expect(await e3Partner()).toBe(E3_PARTNER);
    const done = await press(bot, user, confirm, 'draft.confirm');
    expect(cardText(done.card)).toContain(en('result.titleDone'));
    expect(await e3Partner()).toBeUndefined();
    // Fabrikam back on E3, the way an admin would, for the test after this one.
    const again = lastCard(await bot.say(user, `add partner ${E3_PARTNER} to E3`));
    expect(cardText((await press(bot, user, again, 'draft.confirm')).card)).toContain(en('result.titleDone'));
    expect(await e3Partner()).toBe(E3_PARTNER);
  });

  test('429 with Retry-After: the question back now, and the model left alone until the time is up', async () => {
    fake.answer = () => ({ status: 429, headers: { 'retry-after': '30' } });
    const first = lastCard(await bot.say(inNewChat(), 'the Fabrikam thing on E3, can we sort it'));
    expect(cardText(first)).toContain(en('clarify.title'));
    expect(fake.received).toHaveLength(1);
    fake.answer = () => scripted({ intent: 'view_partners', confidence: 0.99 });
    const second = lastCard(await bot.say(inNewChat(), 'Fabrikam?'));
    expect(cardText(second)).toContain(en('clarify.title'));
    expect(fake.received).toHaveLength(1);
  });
});

describe('NLU_LLM=always: the model reads every message, and still cannot start a change on its own', () => {
  let fake: FakeChatCompletions;
  let bot: BotHarness;
  beforeAll(async () => {
    fake = await new FakeChatCompletions().start();
    bot = await new BotHarness({ NLU_LLM: 'always', LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'gpt-4.1-mini', LLM_AUTH: 'none' }).start();
  });
  afterAll(async () => {
    await bot.stop();
    await fake.stop();
  });

  test('they agree on a removal the classifier is sure of: the same confirmation card, nothing removed until confirmed', async () => {
    fake.answer = () => scripted({ intent: 'remove_partner', confidence: 0.95, subscriptions: ['Office 365 E3'] });
    const confirm = lastCard(await bot.say(inNewChat(), 'remove the partner from E3'));
    expect(fake.received).toHaveLength(1);
    expect(cardText(confirm)).toContain(en('confirm.remove.title'));
    expect((await subscription(bot, CONTOSO, SUBS.e3)).partnerOfRecord?.partnerId).toBe(E3_PARTNER);
  });

  test('the model reads a question where the classifier is sure of a removal: asked back, the model\'s reading first', async () => {
    fake.answer = () => scripted({ intent: 'view_partners', confidence: 0.95 });
    const question = lastCard(await bot.say(inNewChat(), 'remove the partner from E3'));
    expect(cardText(question)).toContain(en('clarify.title'));
    const intents = question.actions.map((a: { data?: { intent?: string } }) => a.data?.intent).filter(Boolean);
    expect(intents.slice(0, 2)).toEqual(['view_partners', 'remove_partner']);
  });
});

describe('a conversation the helpdesk has taken over', () => {
  let fake: FakeChatCompletions;
  let world: TeamsWorld;
  beforeAll(async () => {
    fake = await new FakeChatCompletions().start();
    fake.answer = () => scripted({ intent: 'handoff', confidence: 0.95 });
    world = await new TeamsWorld({ NLU_LLM: 'always', LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'gpt-4.1-mini', LLM_AUTH: 'none' }).start();
  });
  afterAll(async () => {
    await world.stop();
    await fake.stop();
  });

  test("the admin's messages to the agent and the agent's replies never go to the model", async () => {
    await world.say(alex, 'I want to talk to a real person');
    const ticket = await world.until(() => world.cardsIn(HELPDESK_CHANNEL).at(-1), 'ticket card');
    const thread = `${HELPDESK_CHANNEL};messageid=${ticket.id}`;
    const assign = ticket.card.actions.find((a: any) => a.verb === 'ticket.assign');
    await world.post(channelActivity(megan, world.connector.url, thread, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'ticket.assign', data: assign.data } } }));
    await world.until(() => world.textsIn(`a:personal-${alex.aadObjectId}`).find((t) => t.includes('picked up your request')), 'admin told who picked it up');
    const asked = fake.received.length;

    expect(await world.say(alex, 'the Fabrikam thing on E3, can we sort it')).toEqual([]);
    expect(world.textsIn(thread)).toContain('Alex Wilber: the Fabrikam thing on E3, can we sort it');
    await world.post(
      channelActivity(megan, world.connector.url, thread, {
        type: 'message',
        text: '<at>Partner bot</at> which subscription should Fabrikam leave?',
        entities: [{ type: 'mention', mentioned: { id: '28:partner-bot', name: 'Partner bot' }, text: '<at>Partner bot</at>' }],
      }),
    );
    expect(world.textsIn(`a:personal-${alex.aadObjectId}`)).toContain('Megan Bowen (helpdesk): which subscription should Fabrikam leave?');
    expect(fake.received.length).toBe(asked);
    expect(fake.received.map(FakeChatCompletions.messageOf)).not.toContain('the Fabrikam thing on E3, can we sort it');
  });
});

import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { USERS } from '../../bot/demo/demoData';
import { BotHarness } from '../support/botHarness';
import { CHROMIUM, ChatUser, launchChromium } from '../support/browser';
import { Playground } from '../support/playground';

/**
 * A person using the bot in the Microsoft 365 Agents Playground, in real headless Chromium:
 * the bot runs on embedded defaults, the playground is its Teams-like channel.
 */
jest.setTimeout(180_000);

let bot: BotHarness;
let browser: Browser;
const playgrounds: Playground[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run "npm test" (pretest installs it) or apt-get install chromium`);
  bot = await new BotHarness().start();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const p of playgrounds) await p.stop();
  await bot?.stop();
});

async function chatAs(prefix: string, user?: { name: string; aadObjectId: string }): Promise<ChatUser> {
  const playground = await new Playground(`${bot.server.url}/api/messages`, user).start();
  playgrounds.push(playground);
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const chat = new ChatUser(page, prefix);
  await chat.open(playground.url);
  return chat;
}

test('an admin views partners, changes the partner with Check ID and confirmation, and reads the reseller steps', async () => {
  const alex = await chatAs('admin');
  await alex.page.getByText('Partner of record assistant').first().waitFor({ timeout: 30_000 });
  await alex.shot('welcome');

  await alex.say('show our partners');
  const partners = alex.lastCard();
  await expect(partners.getByText('Your partners')).toBeVisibleSoon();
  await expect(partners.getByText('Fabrikam Advisory Services (Partner ID 4391507)').first()).toBeVisibleSoon();
  await alex.shot('partners');

  await alex.say('change our partner');
  const form = alex.lastCard();
  await expect(form.getByText('Change the partner', { exact: true }).first()).toBeVisibleSoon();
  await form.getByPlaceholder('For example 4391507').fill('1234567');
  await alex.shot('change-form-filled');
  const cardsBefore = await alex.cards().count();
  await form.getByRole('button', { name: 'Check ID' }).click();
  await expect(alex.lastCard().getByText('Litware Cloud Partners').first()).toBeVisibleSoon();
  await expect(alex.lastCard().getByText('Stockholm, Sweden')).toBeVisibleSoon();
  expect(await alex.cards().count()).toBe(cardsBefore); // the form was replaced in place
  await alex.shot('confirm');

  await alex.lastCard().getByRole('button', { name: 'Change' }).click();
  await expect(alex.lastCard().getByText('Done')).toBeVisibleSoon();
  await expect(alex.lastCard().getByText('Litware Cloud Partners is now the partner on 1 of 1 subscriptions.')).toBeVisibleSoon();
  expect(await alex.lastCard().getByRole('button').count()).toBe(0); // no live buttons remain
  await alex.shot('result');

  await alex.say('remove our reseller');
  await expect(alex.lastCard().getByText("You can't remove a reseller relationship yourself")).toBeVisibleSoon();
  await expect(alex.lastCard().getByText(/Remove reseller relationship/).first()).toBeVisibleSoon();
  await alex.shot('reseller-steps');

  // The same chat in Swedish: the answer follows the language the admin writes in.
  await alex.say('visa våra partner');
  await expect(alex.lastCard().getByText('Dina partner').first()).toBeVisibleSoon();
  await alex.shot('partners-swedish');

  const text = await alex.page.locator('.ac-adaptiveCard').allInnerTexts();
  expect(text.join('\n')).not.toMatch(/\$\{|\{\{|[a-z]+\.[a-z]+\.[a-z]+/); // no raw templates or untranslated keys
});

test('a user without an admin role is refused with the roles needed', async () => {
  const adele = await chatAs('non-admin', { name: 'Adele Vance', aadObjectId: USERS.adele });
  await adele.say('add partner 1234567 to Business Premium');
  await expect(adele.lastCard().getByText("You can't do this")).toBeVisibleSoon();
  await expect(adele.lastCard().getByText(/Global admin or a Billing admin/)).toBeVisibleSoon();
  await adele.shot('refused');
});

test('asking for a person opens a ticket in the helpdesk channel that an agent can take', async () => {
  const alex = await chatAs('helpdesk');
  await alex.say('I want to talk to a person');
  await alex.shot('asked-for-person');
  await expect(alex.page.getByText(/picked up|helpdesk/i).first()).toBeVisibleSoon();
  expect(await alex.page.getByText("I couldn't finish that").count()).toBe(0);
  await alex.page.getByText('General', { exact: true }).first().click();
  const ticket = alex.page.locator('.ac-adaptiveCard').filter({ hasText: 'Alex Wilber' }).last();
  await expect(ticket.getByRole('button', { name: 'Assign to me' })).toBeVisibleSoon();
  await alex.shot('ticket-in-channel');
  await ticket.getByRole('button', { name: 'Assign to me' }).click();
  await expect(alex.page.locator('.ac-adaptiveCard').filter({ hasText: 'Alex Wilber' }).last().getByRole('button', { name: 'Resolve' })).toBeVisibleSoon();
  await alex.shot('ticket-assigned');

  // Back in the personal chat: the admin was told who picked it up, and nothing failed on the way.
  await alex.page.getByText('Personal Chat', { exact: true }).first().click();
  await expect(alex.page.getByText(/Alex Wilber from the helpdesk picked up your request/).first()).toBeVisibleSoon();
  expect(await alex.page.getByText("I couldn't finish that").count()).toBe(0);
  await alex.shot('admin-told-who-picked-up');
});

/** Playwright-style visibility wait on a locator, reported through jest. */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toBeVisibleSoon(): Promise<R>;
    }
  }
}
expect.extend({
  async toBeVisibleSoon(locator: import('playwright-core').Locator) {
    try {
      await locator.waitFor({ state: 'visible', timeout: 30_000 });
      return { pass: true, message: () => `${locator} is visible` };
    } catch (e) {
      return { pass: false, message: () => `${locator} did not become visible: ${(e as Error).message.split('\n')[0]}` };
    }
  },
});

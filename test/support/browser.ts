import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '../../bot/paths';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of every browser-test step land here (named in the README). */
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

/** Debian's headless Chromium with the flags this machine needs (DOMAIN.md §8); Playwright gives it a fresh profile. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A person in the playground's chat: types, waits for the bot, reads cards, presses buttons. */
export class ChatUser {
  private step = 0;
  constructor(
    readonly page: Page,
    private readonly prefix: string,
  ) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByRole('textbox').first().waitFor({ timeout: 60_000 });
  }

  /** Cards currently in the chat, oldest first. */
  cards() {
    return this.page.locator('.ac-adaptiveCard');
  }

  async say(text: string): Promise<void> {
    const before = await this.cards().count();
    const box = this.page.getByRole('textbox').first();
    await box.click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    await this.page.waitForFunction((n) => (globalThis as any).document.querySelectorAll('.ac-adaptiveCard').length > n, before, { timeout: 30_000 });
  }

  lastCard() {
    return this.cards().last();
  }

  async shot(name: string): Promise<void> {
    this.step += 1;
    await this.page.screenshot({ path: join(SCREENSHOT_DIR, `${this.prefix}-${String(this.step).padStart(2, '0')}-${name}.png`), fullPage: false });
  }
}

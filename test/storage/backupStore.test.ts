import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ROOT } from '../../bot/paths';
import { BotHarness } from '../support/botHarness';
import { alex } from '../support/demoUsers';
import { lastCard, press } from '../support/flowHelpers';

/** `npm run store:backup` copies the live SQLite file: the copy opens on its own and holds the change just made. */
test('a backup taken while the bot runs holds its records and audit trail, consistent', async () => {
  const bot = await new BotHarness().start();
  try {
    const confirm = lastCard(await bot.say(alex, 'add partner 1234567 to Business Premium'));
    await press(bot, alex, confirm, 'draft.confirm');
    const target = join(bot.dataDir, 'backup.sqlite');
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'bot/tools/backup-store.ts', target], { cwd: ROOT, env: { ...process.env, DATA_DIR: bot.dataDir, NODE_NO_WARNINGS: '1' }, encoding: 'utf8' });
    expect(out).toMatch(/\d+ records, \d+ audit entries, .* integrity ok/);
    const copy = new Database(target, { readonly: true });
    const applied = copy.prepare("SELECT COUNT(*) AS n FROM audit WHERE json_extract(entry, '$.outcome') = 'applied'").get() as { n: number };
    expect(applied.n).toBe(1);
    copy.close();
  } finally {
    await bot.stop();
  }
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../bot/app';
import { EmbeddedBillingService } from '../bot/billing/embeddedBillingService';
import { loadConfig } from '../bot/config/config';
import { EmbeddedDirectoryService } from '../bot/directory/embeddedDirectoryService';
import { createLogger } from '../bot/logging/logger';
import { SqliteStore } from '../bot/storage/sqliteStore';
import { BENCH_PARTNERS, benchData, benchUser } from './benchData';

/**
 * The domain side alone, no HTTP and no botbuilder: runs complete add-partner flows through
 * PartnerOfRecordBot (onMessage → onAction check → onAction confirm) in one process and prints the
 * time per step. Shows how much of a turn is the bot's own work. `node dist/bench/flowMicro.js [flows]`
 */
async function main(): Promise<void> {
  const flows = Number(process.argv[2] ?? 2000);
  const dataDir = mkdtempSync(join(tmpdir(), 'por-micro-'));
  const users = 50;
  const seed = new SqliteStore(join(dataDir, 'bot.sqlite'));
  await new EmbeddedBillingService(seed).seed(benchData(users));
  await new EmbeddedDirectoryService(seed).seed(benchData(users));
  await seed.close();
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, DEMO_SEED: 'false', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' });
  const app = await createApp(config, createLogger(config.LOG_LEVEL));
  const times = [0, 0, 0];
  const partnerOf = new Map<number, string>();
  for (let i = 0; i < flows; i++) {
    const u = benchUser(i % users);
    const identity = { tenantId: u.tenantId, userId: u.userId, userName: u.name, conversationId: u.conversationId, locale: 'en-US' };
    const partnerId = partnerOf.get(u.index) === BENCH_PARTNERS[0] ? BENCH_PARTNERS[1] : BENCH_PARTNERS[0];
    let t = performance.now();
    const form = (await app.bot.onMessage(identity, 'add a partner')).replies[0] as { kind: 'card'; card: any };
    times[0] += performance.now() - t;
    const draftId = form.card.actions[0].data.draftId;
    t = performance.now();
    const confirm = await app.bot.onAction(identity, 'draft.check', { draftId, subscriptionIds: u.subscriptionId, partnerId });
    times[1] += performance.now() - t;
    t = performance.now();
    const result = await app.bot.onAction(identity, 'draft.confirm', { draftId: (confirm.updatedCard as any).actions[0].data.draftId });
    times[2] += performance.now() - t;
    if ((result.updatedCard as any).body[0].color !== 'Good') throw new Error(JSON.stringify(result.updatedCard).slice(0, 400));
    partnerOf.set(u.index, partnerId);
  }
  console.log(`per turn: message ${(times[0] / flows).toFixed(3)} ms, check ${(times[1] / flows).toFixed(3)} ms, confirm ${(times[2] / flows).toFixed(3)} ms`);
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

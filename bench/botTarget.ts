import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../bot/app';
import { loadConfig } from '../bot/config/config';
import { PartnerOfRecordBot } from '../bot/conversation/partnerOfRecordBot';
import type { TurnOutcome } from '../bot/flows/turn';
import { createLogger } from '../bot/logging/logger';
import { startServer } from '../bot/server/server';
import { createTelemetry } from '../bot/telemetry/createTelemetry';
import { SqliteStore } from '../bot/storage/sqliteStore';
import { seedBenchStore } from './seedBench';
import { CallCounter, counting } from './countingPorts';
import { processStats, serveIpc, type StorageStats } from './targetProtocol';

/**
 * The bot as the bench runs it: its own composition root (createApp) and restify server on embedded
 * defaults, a temporary DATA_DIR pre-seeded with the bench admins, and counting wrappers around the
 * billing and directory ports. Started by bench/run.ts with fork(); talks back over IPC.
 */
async function main(): Promise<void> {
  const users = Number(process.env.BENCH_USERS ?? '100');
  const dataDir = mkdtempSync(join(tmpdir(), 'por-bench-'));
  const file = join(dataDir, 'bot.sqlite');

  await seedBenchStore(file, users);

  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO_SEED: 'false',
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    // BENCH_OTLP_ENDPOINT: the same bot with telemetry on, exporting OTLP (http/protobuf) to the bench's sink.
    ...(process.env.BENCH_OTLP_ENDPOINT ? { OTEL_EXPORTER_OTLP_ENDPOINT: process.env.BENCH_OTLP_ENDPOINT } : {}),
    // BENCH_TRACES_PER_SECOND: traces recorded per second with telemetry on (0: every turn); the bot's default otherwise.
    ...(process.env.BENCH_TRACES_PER_SECOND ? { TELEMETRY_TRACES_PER_SECOND: process.env.BENCH_TRACES_PER_SECOND } : {}),
    // BENCH_LLM_BASE_URL: the same bot with a language model for the messages the classifier is unsure about.
    ...(process.env.BENCH_LLM_BASE_URL ? { NLU_LLM: 'unsure', LLM_BASE_URL: process.env.BENCH_LLM_BASE_URL, LLM_MODEL: 'bench-model', LLM_AUTH: 'none' } : {}),
  });
  const telemetry = createTelemetry(config, { version: 'bench' });
  const log = createLogger(config.LOG_LEVEL, undefined, telemetry);
  const counter = new CallCounter();
  const storeCounting = { on: false };
  countStoreOperations(counter, storeCounting);
  const app = await createApp(config, log, { telemetry });
  // The flows read services at call time, so swapping the ports here counts every call they make.
  app.services.billing = counting('billing', app.services.billing, counter);
  app.services.directory = counting('directory', app.services.directory, counter);
  if (process.env.BENCH_DOMAIN === 'replay') replayDomain();
  const server = await startServer(config, app, log);

  serveIpc({
    stats: (reset) => {
      const stats = { ...processStats(reset), calls: counter.snapshot() };
      if (reset) counter.reset();
      return stats;
    },
    storage: () => storageStats(file),
    probe: (on) => {
      storeCounting.on = on;
      counter.probing = on;
    },
    stop: async () => {
      await server.close();
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
  process.send?.({ type: 'ready', url: `${server.url}/api/messages` });
}

/**
 * Measurement aid (`--floor`): each user's first outcome per step is recorded, then replayed without
 * running the flows, so the same HTTP + botbuilder host path runs with (almost) no domain work.
 * The difference to the real run is what the bot's own code costs per turn. Patched on the class:
 * the host builds a bot per turn (to carry the turn's logger).
 */
function replayDomain(): void {
  const recorded = new Map<string, Promise<TurnOutcome>>();
  const proto = PartnerOfRecordBot.prototype;
  const { onMessage, onAction } = proto;
  const replay = (key: string, run: () => Promise<TurnOutcome>) => {
    let outcome = recorded.get(key);
    if (!outcome) recorded.set(key, (outcome = run()));
    return outcome;
  };
  proto.onMessage = function (identity, text) {
    return replay(`${identity.userId}:message`, () => onMessage.call(this, identity, text));
  };
  proto.onAction = function (identity, verb, data, answered) {
    return replay(`${identity.userId}:${verb}`, () => onAction.call(this, identity, verb, data, answered));
  };
}

/**
 * Counts the bot's store operations per key family ("store.put draft"), so the probe shows what each
 * turn reads and writes. Patched on the class because the host and the flows each hold the store.
 */
function countStoreOperations(counter: CallCounter, counting: { on: boolean }): void {
  const proto = SqliteStore.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const method of ['get', 'put', 'delete', 'list', 'append'] as const) {
    const original = proto[method]!;
    proto[method] = function (this: unknown, ...args: unknown[]) {
      const key = typeof args[0] === 'string' ? args[0] : 'audit';
      if (counting.on) counter.record('store', `${method} ${familyOf(key)}`, method === 'append' ? [] : [key]);
      return original.apply(this, args);
    };
  }
}

/** Reads the database size through a second connection (the bot's own keeps running). */
function storageStats(file: string): StorageStats {
  const db = new Database(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const pages = db.pragma('page_count', { simple: true }) as number;
    const free = db.pragma('freelist_count', { simple: true }) as number;
    const byFamily: StorageStats['byFamily'] = {};
    for (const r of db.prepare<[], { key: string; bytes: number }>('SELECT key, length(key) + length(value) + length(etag) AS bytes FROM records').iterate()) {
      const family = familyOf(r.key);
      const f = (byFamily[family] ??= { rows: 0, bytes: 0 });
      f.rows++;
      f.bytes += r.bytes;
    }
    const audit = db.prepare<[], { rows: number; bytes: number }>('SELECT COUNT(*) AS rows, COALESCE(SUM(length(entry) + length(tenant_id) + length(at)), 0) AS bytes FROM audit').get()!;
    byFamily['(audit)'] = audit;
    return { bytes: (pages - free) * pageSize, byFamily };
  } finally {
    db.close();
  }
}

/** "draft:<uuid>" → "draft", "billing:sub:<t>:<s>" → "billing:sub": the leading word parts of a key. */
function familyOf(key: string): string {
  const words: string[] = [];
  for (const part of key.split(':')) {
    if (!/^[a-z]+$/i.test(part) || words.length === 2) break;
    words.push(part);
  }
  return words.join(':') || key;
}

if (require.main === module) main().catch((e: unknown) => {
  console.error('bench bot target failed:', e);
  process.exit(1);
});

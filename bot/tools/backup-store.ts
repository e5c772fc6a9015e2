import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfigOrExit } from '../config/config';

/**
 * `npm run store:backup -- <file>`: a consistent copy of the bot's SQLite file (records and audit trail)
 * while the bot keeps running. `VACUUM INTO` reads one snapshot (WAL mode lets the bot write meanwhile)
 * and writes a compact file; restoring is stopping the bot and putting the copy at DATA_DIR/bot.sqlite.
 */
function main(): void {
  const target = process.argv[2];
  if (!target) {
    console.error('Usage: npm run store:backup -- <backup file>');
    process.exit(2);
  }
  const config = loadConfigOrExit();
  if (config.STORE_BACKEND !== 'sqlite') {
    console.error('STORE_BACKEND is blob: back up the storage account instead (blob versioning or object replication, docs/operations.md).');
    process.exit(2);
  }
  const source = join(resolve(config.DATA_DIR), 'bot.sqlite');
  const out = resolve(target);
  if (!existsSync(source)) {
    console.error(`No store at ${source}`);
    process.exit(2);
  }
  if (existsSync(out)) {
    console.error(`${out} exists: choose a new file`);
    process.exit(2);
  }
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const started = Date.now();
    db.prepare('VACUUM INTO ?').run(out);
    const check = new Database(out, { readonly: true });
    const ok = check.pragma('integrity_check', { simple: true });
    const records = check.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number };
    const audit = check.prepare('SELECT COUNT(*) AS n FROM audit').get() as { n: number };
    check.close();
    console.log(`${out}: ${records.n} records, ${audit.n} audit entries, ${(statSync(out).size / 1024 / 1024).toFixed(1)} MB, integrity ${ok}, in ${Date.now() - started} ms`);
  } finally {
    db.close();
  }
}

main();

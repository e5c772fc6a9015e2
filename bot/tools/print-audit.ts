import { createStorage } from '../backends/createStorage';
import { loadConfigOrExit } from '../config/config';

/**
 * `npm run audit:print -- <tenantId> [limit]`: the audit trail of one tenant, oldest first, one line per
 * entry, from the storage the bot is configured with (DATA_DIR or Azure Blob Storage). Read-only.
 */
async function main(): Promise<void> {
  const [tenantId, limitArg] = process.argv.slice(2);
  if (!tenantId || !/^[A-Za-z0-9._:@-]{1,100}$/.test(tenantId)) {
    console.error('Usage: npm run audit:print -- <tenantId> [limit]');
    process.exit(2);
  }
  const limit = limitArg === undefined ? 10_000 : Number(limitArg);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000) {
    console.error('limit must be a whole number from 1 to 1000000');
    process.exit(2);
  }
  const config = loadConfigOrExit();
  const storage = createStorage(config);
  try {
    const entries = (await storage.audit.recent(tenantId, limit)).reverse();
    if (entries.length === 0) console.error(`No audit entries for tenant ${tenantId}.`);
    for (const e of entries) {
      const change = e.action === 'set_partner' || e.action === 'remove_partner' ? ` ${e.oldPartnerId ?? '-'} -> ${e.newPartnerId ?? '-'}` : '';
      const where = e.subscriptionName ? ` "${e.subscriptionName}" (${e.subscriptionId})` : e.subscriptionId ? ` (${e.subscriptionId})` : '';
      const why = e.reason ? ` reason=${e.reason}` : '';
      const id = e.changeId ? ` change=${e.changeId}` : '';
      console.log(`${e.at}  ${e.outcome.padEnd(15)} ${e.action}${where}${change} by ${e.actorName || e.actorId}${why}${id}`);
    }
  } finally {
    await storage.close();
  }
}

main().catch((e: unknown) => {
  console.error('audit:print failed:', e instanceof Error ? e.message : e);
  process.exit(1);
});

import type { PartnerChange } from '../partners/partnerChange';
import { deleteWhere, type Store } from '../storage/store';
import type { ChangeDraft, DraftStatus } from './draft';
import { startPeriodicSweep } from './periodicSweep';
import type { FlowServices } from './services';

/** Drafts that can no longer lead anywhere; 'failed' ones wait for Retry and are kept. */
const FINISHED: ReadonlySet<DraftStatus> = new Set(['done', 'cancelled', 'stale']);
const SWEEP_EVERY_MS = 60 * 60 * 1000;

export interface Purged {
  drafts: number;
  partnerChanges: number;
}

/**
 * Deletes what finished changes leave behind once it is older than the retention period: the draft
 * (its card then answers that it has expired) and the record the partners' confirmation cards are
 * drawn from. The audit trail keeps every change for good. Page by page, letting turns run between
 * pages: a busy bot has many of them.
 */
export async function purgeFinished(store: Store, now: Date, retentionMs: number): Promise<Purged> {
  const cutoff = now.getTime() - retentionMs;
  const drafts = await deleteWhere<ChangeDraft>(store, 'draft:', (d) => FINISHED.has(d.status) && Date.parse(d.updatedAt) < cutoff);
  const partnerChanges = await deleteWhere<PartnerChange>(store, 'partnerchange:', (c) => Date.parse(c.at) < cutoff);
  return { drafts, partnerChanges };
}

/** Purges hourly, the first time a minute after start-up (not while the bot is starting). */
export function startRetention(services: FlowServices, retentionDays: number): { stop(): Promise<void> } {
  return startPeriodicSweep(
    services.log,
    'retention',
    async () => {
      const purged = await purgeFinished(services.store, services.now(), retentionDays * 24 * 3_600_000);
      if (purged.drafts + purged.partnerChanges > 0) services.log.info({ ...purged, retentionDays }, 'finished changes past retention deleted');
    },
    { firstAfterMs: 60_000, everyMs: SWEEP_EVERY_MS },
  );
}

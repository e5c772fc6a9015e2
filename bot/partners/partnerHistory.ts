import type { PartnerRef } from '../domain/types';
import { ConcurrencyError, updateRecord, type Store } from '../storage/store';

/**
 * The partners a tenant has set as partner of record through the bot, newest first, so that
 * "put Litware back on E5" is understood by name later. Bounded: a tenant works with a handful.
 */
const MAX_REMEMBERED = 20;
/** One record per tenant: many admins confirming at once all write it, so a lost race is retried after a pause. */
const ATTEMPTS = 8;
const key = (tenantId: string) => `partnershistory:${tenantId}`;

interface PartnerHistory {
  partners: (PartnerRef & { lastUsedAt: string })[];
}

export async function partnersUsedBefore(store: Store, tenantId: string): Promise<PartnerRef[]> {
  const history = (await store.get<PartnerHistory>(key(tenantId)))?.value;
  return (history?.partners ?? []).map(({ partnerId, name }) => ({ partnerId, name }));
}

/** Puts `partner` first. Nothing is written when it is first already (the usual case for a busy tenant). */
export async function rememberPartnerUsed(store: Store, tenantId: string, partner: PartnerRef, at: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await updateRecord<PartnerHistory>(
        store,
        key(tenantId),
        (current) => {
          const first = current?.partners[0];
          if (first?.partnerId === partner.partnerId && first.name === partner.name) return undefined;
          const others = (current?.partners ?? []).filter((p) => p.partnerId !== partner.partnerId);
          return { partners: [{ partnerId: partner.partnerId, name: partner.name, lastUsedAt: at }, ...others].slice(0, MAX_REMEMBERED) };
        },
        1,
      );
      return;
    } catch (e) {
      if (!(e instanceof ConcurrencyError) || attempt >= ATTEMPTS) throw e;
      // Writers that collided retry at different moments instead of colliding again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

import type { PartnerRef } from '../domain/types';
import { updateRecord, type Store } from '../storage/store';

/**
 * The partners a tenant has set as partner of record through the bot, newest first, so that
 * "put Litware back on E5" is understood by name later. Bounded: a tenant works with a handful.
 */
const MAX_REMEMBERED = 20;
const key = (tenantId: string) => `partnershistory:${tenantId}`;

interface PartnerHistory {
  partners: (PartnerRef & { lastUsedAt: string })[];
}

export async function partnersUsedBefore(store: Store, tenantId: string): Promise<PartnerRef[]> {
  const history = (await store.get<PartnerHistory>(key(tenantId)))?.value;
  return (history?.partners ?? []).map(({ partnerId, name }) => ({ partnerId, name }));
}

export async function rememberPartnerUsed(store: Store, tenantId: string, partner: PartnerRef, at: string): Promise<void> {
  await updateRecord<PartnerHistory>(store, key(tenantId), (current) => {
    const others = (current?.partners ?? []).filter((p) => p.partnerId !== partner.partnerId);
    return { partners: [{ partnerId: partner.partnerId, name: partner.name, lastUsedAt: at }, ...others].slice(0, MAX_REMEMBERED) };
  });
}

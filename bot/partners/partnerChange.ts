import type { PartnerRef } from '../domain/types';
import type { ChangeDraft } from '../flows/draft';
import type { Language } from '../i18n/i18n';
import { updateRecord, type Store } from '../storage/store';

/** One subscription as a partner sees it in its confirmation. */
export interface PartnerChangeRow {
  subscriptionName: string;
  from?: PartnerRef;
  to?: PartnerRef;
}

export interface ConcernedPartner {
  partnerId: string;
  name: string;
  /** 'added': it became the partner of record; 'removed': it was replaced or removed. */
  role: 'added' | 'removed';
  rows: PartnerChangeRow[];
  /** Whether a contact was registered when the change was made. */
  registered: boolean;
}

/** What an applied change means for the partners concerned, kept to render cards later. */
export interface PartnerChange {
  changeId: string;
  tenantId: string;
  customerName: string;
  at: string;
  byName: string;
  admin: { userId: string; name: string; language: Language; conversationId: string; resultActivityId?: string };
  partners: ConcernedPartner[];
}

const key = (changeId: string) => `partnerchange:${changeId}`;

export async function loadPartnerChange(store: Store, changeId: string): Promise<PartnerChange | undefined> {
  return (await store.get<PartnerChange>(key(changeId)))?.value;
}

/**
 * Written when a change is applied, and merged when a Retry applies more of it: a partner concerned
 * only by the retried subscriptions is added, and a partner whose rows grew is listed in `grown` so
 * its confirmation is sent again with the full list. The first admin, time and author are kept.
 */
export async function savePartnerChange(store: Store, change: PartnerChange): Promise<{ change: PartnerChange; grown: string[] }> {
  let grown: string[] = [];
  const saved = await updateRecord<PartnerChange>(store, key(change.changeId), (current) => {
    grown = [];
    if (!current) return change;
    const partners = [...current.partners];
    for (const p of change.partners) {
      const i = partners.findIndex((x) => x.partnerId === p.partnerId);
      if (i < 0) partners.push(p);
      else if (p.rows.length > partners[i]!.rows.length) partners[i] = { ...p, registered: partners[i]!.registered };
      else continue;
      grown.push(p.partnerId);
    }
    return grown.length ? { ...current, partners } : undefined;
  });
  return { change: saved ?? change, grown };
}

/** The new partner and every partner it replaced or that was removed, from the applied rows only. */
export function concernedPartners(draft: ChangeDraft): Omit<ConcernedPartner, 'registered'>[] {
  const out = new Map<string, Omit<ConcernedPartner, 'registered'>>();
  const add = (p: PartnerRef, role: ConcernedPartner['role'], row: PartnerChangeRow) => {
    const entry = out.get(p.partnerId) ?? { partnerId: p.partnerId, name: p.name, role, rows: [] };
    entry.rows.push(row);
    out.set(p.partnerId, entry);
  };
  for (const r of draft.results ?? []) {
    if (r.outcome !== 'applied') continue;
    const row: PartnerChangeRow = { subscriptionName: r.name, from: r.oldPartner, to: r.newPartner };
    if (r.newPartner) add(r.newPartner, 'added', row);
    if (r.oldPartner && r.oldPartner.partnerId !== r.newPartner?.partnerId) add(r.oldPartner, 'removed', row);
  }
  // The new partner first: it is the one the admin is most likely waiting for.
  return [...out.values()].sort((a, b) => (a.role === b.role ? 0 : a.role === 'added' ? -1 : 1));
}

import type { Language } from '../i18n/i18n';
import type { DomainErrorCode } from '../domain/errors';
import type { PartnerProfile, PartnerRef } from '../domain/types';
import { updateRecord, type Store } from '../storage/store';

export type ChangeMode = 'add' | 'change' | 'remove';

/** Lifecycle of one requested change; the transition confirming → applying happens once (eTag guard). */
export type DraftStatus = 'collecting' | 'confirming' | 'applying' | 'done' | 'cancelled' | 'stale';

export interface SnapshotRow {
  subscriptionId: string;
  name: string;
  version: number;
  oldPartner?: PartnerRef;
}

export interface ResultRow {
  subscriptionId: string;
  name: string;
  outcome: 'applied' | 'failed';
  errorCode?: DomainErrorCode;
  oldPartner?: PartnerRef;
  newPartner?: PartnerRef;
}

export interface ChangeDraft {
  id: string;
  tenantId: string;
  ownerId: string;
  mode: ChangeMode;
  language: Language;
  status: DraftStatus;
  /** Pre-selected or chosen subscriptions. */
  subscriptionIds: string[];
  partnerId?: string;
  partner?: Pick<PartnerProfile, 'partnerId' | 'name' | 'location'>;
  /** What the confirmation card showed: the change applies only if nothing moved since. */
  snapshot?: SnapshotRow[];
  results?: ResultRow[];
  appliedBy?: { userId: string; name: string };
  createdAt: string;
  updatedAt: string;
}

const key = (id: string) => `draft:${id}`;

export async function loadDraft(store: Store, id: string): Promise<ChangeDraft | undefined> {
  return (await store.get<ChangeDraft>(key(id)))?.value;
}

export async function createDraft(store: Store, draft: ChangeDraft): Promise<void> {
  await store.put(key(draft.id), draft, { ifAbsent: true });
}

/**
 * Applies `change` only when the stored draft is in one of `from`; returns the stored draft and whether
 * this call made the transition. Two clicks racing: exactly one gets `won: true`.
 */
export async function transitionDraft(
  store: Store,
  id: string,
  from: DraftStatus[],
  change: (d: ChangeDraft) => ChangeDraft,
  now: Date,
): Promise<{ draft: ChangeDraft | undefined; won: boolean }> {
  let won = false;
  const draft = await updateRecord<ChangeDraft>(store, key(id), (current) => {
    won = false;
    if (!current || !from.includes(current.status)) return undefined;
    won = true;
    return { ...change(current), updatedAt: now.toISOString() };
  });
  return { draft, won };
}

export async function listDrafts(store: Store): Promise<ChangeDraft[]> {
  return (await store.list<ChangeDraft>('draft:')).map((i) => i.value);
}

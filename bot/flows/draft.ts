import type { Language } from '../i18n/i18n';
import type { DomainErrorCode } from '../domain/errors';
import type { PartnerProfile, PartnerRef } from '../domain/types';
import { conditionalUpdate, transitionRecord, type Store } from '../storage/store';

export type ChangeMode = 'add' | 'change' | 'remove';

/**
 * Lifecycle of one requested change; the transition confirming → applying happens once (eTag guard).
 * 'failed' = the billing service was unavailable: the change stays visible and can be retried
 * (failed → applying, same idempotency keys).
 */
export type DraftStatus = 'collecting' | 'confirming' | 'applying' | 'done' | 'failed' | 'cancelled' | 'stale';

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
  /** The confirmation card in Teams (its activity id from the invoke's replyToId): updated in place with the outcome. */
  card?: { conversationId: string; activityId?: string };
  /** The instance applying the change and until when; an expired lease means that instance died (recovery takes over). */
  lease?: { owner: string; until: string };
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
  const { value, won } = await transitionRecord<ChangeDraft>(store, key(id), from, change, now);
  return { draft: value, won };
}

/**
 * Moves a draft from one of `from` to 'applying' held by `owner` until now + leaseMs. Used for the
 * first confirm, a Retry, and by recovery (from 'applying' whose lease has lapsed). One caller wins.
 */
export async function claimForApplying(
  store: Store,
  id: string,
  from: DraftStatus[],
  owner: string,
  leaseMs: number,
  now: Date,
  change: (d: ChangeDraft) => ChangeDraft = (d) => d,
): Promise<{ draft: ChangeDraft | undefined; won: boolean }> {
  const { value, won } = await conditionalUpdate<ChangeDraft>(store, key(id), (current) => {
    const lapsed = current.status === 'applying' && (!current.lease || Date.parse(current.lease.until) <= now.getTime());
    if (!from.includes(current.status) || (current.status === 'applying' && !lapsed)) return undefined;
    return { ...change(current), status: 'applying', lease: { owner, until: new Date(now.getTime() + leaseMs).toISOString() }, updatedAt: now.toISOString() };
  });
  return { draft: value, won };
}

/** Extends this instance's lease before each billing call; `held: false` when another instance took the draft over. */
/**
 * Ends this instance's lease on a change it is applying, as it stops: the lease then reads as lapsed and
 * another instance's recovery takes the change over at its next sweep instead of after APPLY_LEASE_MS.
 * Returns whether this instance held it.
 */
export async function releaseLease(store: Store, id: string, owner: string, now: Date): Promise<boolean> {
  const { won } = await conditionalUpdate<ChangeDraft>(store, key(id), (current) =>
    current.status === 'applying' && current.lease?.owner === owner ? { ...current, lease: { owner, until: new Date(now.getTime() - 1).toISOString() } } : undefined,
  );
  return won;
}

export async function renewLease(store: Store, id: string, owner: string, leaseMs: number, now: Date): Promise<{ held: boolean; draft: ChangeDraft | undefined }> {
  const { value, won } = await conditionalUpdate<ChangeDraft>(store, key(id), (current) =>
    current.status === 'applying' && current.lease?.owner === owner ? { ...current, lease: { owner, until: new Date(now.getTime() + leaseMs).toISOString() } } : undefined,
  );
  return { held: won, draft: value };
}

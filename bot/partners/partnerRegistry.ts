import type { Language } from '../i18n/i18n';
import { updateRecord, type Store } from '../storage/store';

/**
 * Which Teams user speaks for a partner organization. One contact per Partner ID: registering again
 * (from another account) moves the confirmations there. The conversation address itself is kept by
 * the conversation directory, refreshed on every turn.
 */
export interface PartnerRegistration {
  partnerId: string;
  partnerName: string;
  tenantId: string;
  userId: string;
  userName: string;
  language: Language;
  registeredAt: string;
}

const byPartner = (partnerId: string) => `partnerreg:id:${partnerId}`;
const byUser = (tenantId: string, userId: string) => `partnerreg:user:${tenantId}:${userId}`;

/** Every partner registered with the bot, by ID and name (what a message may name them by). */
export async function registeredPartners(store: Store): Promise<{ partnerId: string; name: string }[]> {
  return (await store.list<PartnerRegistration>('partnerreg:id:')).map((r) => ({ partnerId: r.value.partnerId, name: r.value.partnerName }));
}

export async function registrationOf(store: Store, partnerId: string): Promise<PartnerRegistration | undefined> {
  return (await store.get<PartnerRegistration>(byPartner(partnerId)))?.value;
}

/** The partner this user registered for, if any (a partner acts as that partner only). */
export async function registrationOfUser(store: Store, tenantId: string, userId: string): Promise<PartnerRegistration | undefined> {
  const ref = (await store.get<{ partnerId: string }>(byUser(tenantId, userId)))?.value;
  if (!ref) return undefined;
  const reg = await registrationOf(store, ref.partnerId);
  // A contact that was replaced by a newer registration no longer speaks for the partner.
  return reg && reg.tenantId === tenantId && reg.userId === userId ? reg : undefined;
}

export async function register(store: Store, registration: PartnerRegistration): Promise<{ replaced?: PartnerRegistration }> {
  let replaced: PartnerRegistration | undefined;
  await updateRecord<PartnerRegistration>(store, byPartner(registration.partnerId), (current) => {
    replaced = current && (current.tenantId !== registration.tenantId || current.userId !== registration.userId) ? current : undefined;
    return registration;
  });
  await store.put(byUser(registration.tenantId, registration.userId), { partnerId: registration.partnerId });
  return { replaced };
}

/** Demo registrations are written once, never over a real one. */
export async function seedRegistration(store: Store, registration: PartnerRegistration): Promise<void> {
  if (await registrationOf(store, registration.partnerId)) return;
  await register(store, registration);
}

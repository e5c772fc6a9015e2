import type { PartnerName, PartnerRelationship, Subscription } from '../domain/types';
import type { KnownPartner } from './partnerNames';

/**
 * The partners a tenant knows by name: its relationships (advisor, reseller…), the partners of
 * record and resellers on its subscriptions, partners it used before or registered with the bot, and
 * the billing service's partner directory. One entry per Partner ID;
 * a reseller relationship makes the partner a reseller whatever else it is.
 */
export function knownPartnersOf(
  subscriptions: readonly Subscription[],
  relationships: readonly PartnerRelationship[],
  usedBefore: readonly { partnerId: string; name: string }[] = [],
  directory: readonly PartnerName[] = [],
): KnownPartner[] {
  const byId = new Map<string, KnownPartner>();
  const put = (partnerId: string, name: string, kind: KnownPartner['kind'], current = false): void => {
    const had = byId.get(partnerId);
    byId.set(partnerId, {
      partnerId,
      name: had?.name ?? name,
      kind: had?.kind === 'reseller' || kind === 'reseller' ? 'reseller' : 'advisor',
      current: Boolean(had?.current) || current,
    });
  };
  for (const s of subscriptions) {
    if (s.partnerOfRecord) put(s.partnerOfRecord.partnerId, s.partnerOfRecord.name, 'advisor', true);
    if (s.reseller) put(s.reseller.partnerId, s.reseller.name, 'reseller');
  }
  for (const r of relationships) put(r.partnerId, r.name, r.type === 'reseller' || r.type === 'indirect_reseller' ? 'reseller' : 'advisor');
  for (const u of usedBefore) put(u.partnerId, u.name, 'advisor');
  for (const d of directory) put(d.partnerId, d.name, d.kind);
  return [...byId.values()];
}

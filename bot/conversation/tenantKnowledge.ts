import { isDomainError } from '../domain/errors';
import type { PartnerName, PartnerRef, PartnerRelationship, Subscription } from '../domain/types';
import type { FlowServices } from '../flows/services';
import type { ParseContext } from '../nlu/intents';
import { knownPartnersOf } from '../nlu/knownPartners';
import { partnersUsedBefore } from '../partners/partnerHistory';
import { registeredPartners } from '../partners/partnerRegistry';

/** What the tenant has, read once per message: a request is understood against it. */
export interface TenantKnowledge {
  subscriptions: Subscription[];
  relationships: PartnerRelationship[];
  /** Partners this tenant set as partner of record through the bot before. */
  usedBefore: PartnerRef[];
  /** Partners registered with the bot (they receive its confirmations): known by name to every tenant. */
  registered: PartnerRef[];
  /** The billing service's partner directory (BillingService.listPartnerNames), when it has one. */
  directory: PartnerName[];
}

/** Reads the tenant's subscriptions, relationships and partner history; an unknown tenant knows nothing. */
export async function readTenantKnowledge(services: FlowServices, tenantId: string): Promise<TenantKnowledge> {
  const orEmpty = async <T>(read: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await read();
    } catch (e) {
      if (isDomainError(e, 'unknown_tenant')) return [];
      throw e;
    }
  };
  const billing = services.billing;
  const [subscriptions, relationships, usedBefore, registered, directory] = await Promise.all([
    orEmpty(() => billing.listSubscriptions(tenantId)),
    orEmpty(() => billing.listRelationships(tenantId)),
    partnersUsedBefore(services.store, tenantId),
    registeredPartners(services.store),
    billing.listPartnerNames ? directoryOf(services, tenantId) : [],
  ]);
  return { subscriptions, relationships, usedBefore, registered, directory };
}

/**
 * The directory only adds names: when it fails, the message is still understood from the tenant's
 * own records (logged, so an operator sees it), rather than failing the whole turn.
 */
async function directoryOf(services: FlowServices, tenantId: string): Promise<PartnerName[]> {
  try {
    return await services.billing.listPartnerNames!(tenantId);
  } catch (e) {
    if (isDomainError(e, 'unknown_tenant')) return [];
    services.log.warn({ code: isDomainError(e) ? e.code : 'internal' }, 'partner directory unavailable: names from the tenant\'s own records only');
    return [];
  }
}

export function parseContextOf(knowledge: TenantKnowledge): ParseContext {
  return {
    catalog: knowledge.subscriptions.map((s) => ({ id: s.id, name: s.name, skuPartNumber: s.skuPartNumber })),
    partners: knownPartnersOf(knowledge.subscriptions, knowledge.relationships, [...knowledge.usedBefore, ...knowledge.registered], knowledge.directory),
  };
}

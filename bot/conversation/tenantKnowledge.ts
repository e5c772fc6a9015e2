import { isDomainError } from '../domain/errors';
import type { PartnerRef, PartnerRelationship, Subscription } from '../domain/types';
import type { FlowServices } from '../flows/services';
import type { ParseContext } from '../nlu/intents';
import { knownPartnersOf } from '../nlu/knownPartners';
import { partnersUsedBefore } from '../partners/partnerHistory';

/** What the tenant has, read once per message: a request is understood against it. */
export interface TenantKnowledge {
  subscriptions: Subscription[];
  relationships: PartnerRelationship[];
  /** Partners this tenant set as partner of record through the bot before. */
  usedBefore: PartnerRef[];
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
  const [subscriptions, relationships, usedBefore] = await Promise.all([
    orEmpty(() => services.billing.listSubscriptions(tenantId)),
    orEmpty(() => services.billing.listRelationships(tenantId)),
    partnersUsedBefore(services.store, tenantId),
  ]);
  return { subscriptions, relationships, usedBefore };
}

export function parseContextOf(knowledge: TenantKnowledge): ParseContext {
  return {
    catalog: knowledge.subscriptions.map((s) => ({ id: s.id, name: s.name, skuPartNumber: s.skuPartNumber })),
    partners: knownPartnersOf(knowledge.subscriptions, knowledge.relationships, knowledge.usedBefore),
  };
}

import { CONTOSO, demoData, demoPartnerRegistrations } from '../demo/demoData';
import type { TenantKnowledge } from './tenantKnowledge';

/** The demo tenant Contoso as the bot reads it when a message arrives (CLI and evaluation). */
export function contosoKnowledge(): TenantKnowledge {
  const data = demoData();
  return {
    subscriptions: data.subscriptions.filter((s) => s.tenantId === CONTOSO),
    relationships: data.relationships[CONTOSO] ?? [],
    usedBefore: [],
    registered: demoPartnerRegistrations().map((r) => ({ partnerId: r.partnerId, name: r.partnerName })),
    directory: data.partners.filter((p) => p.idType === 'location').map((p) => ({ partnerId: p.partnerId, name: p.name, kind: p.kind })),
  };
}

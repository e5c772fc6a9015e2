import { CONTOSO, demoData, demoPartnerRegistrations } from '../demo/demoData';
import type { SubscriptionCatalogEntry } from './intents';
import { knownPartnersOf } from './knownPartners';
import type { ParseContext } from './intents';

/** The demo tenant Contoso's subscriptions, as the parser sees them (CLI and evaluation). */
export function contosoCatalog(): SubscriptionCatalogEntry[] {
  return demoData()
    .subscriptions.filter((s) => s.tenantId === CONTOSO)
    .map((s) => ({ id: s.id, name: s.name, skuPartNumber: s.skuPartNumber }));
}

/** Contoso as the bot sees it when a message arrives: its catalog and the partners it knows by name. */
export function contosoContext(): ParseContext {
  const data = demoData();
  const subs = data.subscriptions.filter((s) => s.tenantId === CONTOSO);
  const registered = demoPartnerRegistrations().map((r) => ({ partnerId: r.partnerId, name: r.partnerName }));
  const directory = data.partners.filter((p) => p.idType === 'location').map((p) => ({ partnerId: p.partnerId, name: p.name, kind: p.kind }));
  return { catalog: contosoCatalog(), partners: knownPartnersOf(subs, data.relationships[CONTOSO] ?? [], registered, directory) };
}

import { CONTOSO, demoData } from '../demo/demoData';
import type { SubscriptionCatalogEntry } from './intents';

/** The demo tenant Contoso's subscriptions, as the parser sees them (CLI and evaluation). */
export function contosoCatalog(): SubscriptionCatalogEntry[] {
  return demoData()
    .subscriptions.filter((s) => s.tenantId === CONTOSO)
    .map((s) => ({ id: s.id, name: s.name, skuPartNumber: s.skuPartNumber }));
}

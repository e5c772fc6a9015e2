import { loadPartnerChange, savePartnerChange, type PartnerChange } from '../../bot/partners/partnerChange';
import { SqliteStore } from '../../bot/storage/sqliteStore';

/** A Retry that applies more subscriptions of a change must reach the partners those rows concern. */
const litware = { partnerId: '1234567', name: 'Litware' };
const fabrikam = { partnerId: '4391507', name: 'Fabrikam' };
const base: Omit<PartnerChange, 'partners'> = {
  changeId: 'c1',
  tenantId: 't',
  customerName: 'Contoso',
  at: '2026-11-21T10:00:00Z',
  byName: 'Alex Wilber',
  admin: { userId: 'u', name: 'Alex Wilber', language: 'en', conversationId: 'c' },
};

test('a retry adds the partners and rows it applied; saving the same change again changes nothing', async () => {
  const store = new SqliteStore(':memory:');
  try {
    const bp = { subscriptionName: 'Business Premium', to: litware };
    const e3 = { subscriptionName: 'Office 365 E3', from: fabrikam, to: litware };
    const first = await savePartnerChange(store, { ...base, partners: [{ ...litware, role: 'added', rows: [bp], registered: true }] });
    expect(first.grown).toEqual([]);

    const afterRetry = await savePartnerChange(store, {
      ...base,
      at: 'later',
      partners: [
        { ...litware, role: 'added', rows: [bp, e3], registered: false },
        { ...fabrikam, role: 'removed', rows: [e3], registered: true },
      ],
    });
    expect(afterRetry.grown.sort()).toEqual(['1234567', '4391507']);
    const stored = await loadPartnerChange(store, 'c1');
    expect(stored?.at).toBe(base.at); // the first application's time and author stay
    expect(stored?.partners.map((p) => [p.partnerId, p.rows.length, p.registered])).toEqual([
      ['1234567', 2, true], // registration as it was when first notified
      ['4391507', 1, true],
    ]);

    const again = await savePartnerChange(store, { ...base, partners: stored!.partners });
    expect(again.grown).toEqual([]);
  } finally {
    await store.close();
  }
});

import { randomUUID } from 'node:crypto';
import type { BillingService, SetPartnerRequest } from '../../bot/billing/billingService';
import { CONTOSO, FOURTH_COFFEE, SUBS, USERS, WINGTIP, demoData } from '../../bot/demo/demoData';
import { DomainError } from '../../bot/domain/errors';

export interface BillingUnderTest {
  service: BillingService;
  close(): Promise<void>;
}

/** What a caller can observe of a rejection: the code and the details (undefined entries dropped). */
async function rejection(p: Promise<unknown>): Promise<{ code: string; details: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const details = Object.fromEntries(Object.entries(e.details).filter(([, v]) => v !== undefined));
    return { code: e.code, details };
  }
  throw new Error('expected a DomainError, got a result');
}

/**
 * One suite for every BillingService: the embedded one and the HTTP adapter in front of the served
 * embedded one must answer every case the same way. Each test gets freshly seeded demo data.
 */
export function billingContract(name: string, create: () => Promise<BillingUnderTest>): void {
  describe(`BillingService contract: ${name}`, () => {
    let sut: BillingUnderTest;
    let billing: BillingService;
    beforeEach(async () => {
      sut = await create();
      billing = sut.service;
    });
    afterEach(async () => {
      await sut.close();
    });

    const change = (over: Partial<SetPartnerRequest>): SetPartnerRequest => ({
      tenantId: CONTOSO,
      subscriptionId: SUBS.businessPremium,
      partnerId: '1234567',
      expectedVersion: 1,
      idempotencyKey: randomUUID(),
      requestedBy: USERS.alex,
      ...over,
    });

    it('lists a tenant\'s subscriptions sorted by name, and only that tenant\'s', async () => {
      const subs = await billing.listSubscriptions(CONTOSO);
      expect(subs.map((s) => s.name)).toEqual([
        'Exchange Online (Plan 1)',
        'Microsoft 365 Business Premium',
        'Microsoft 365 E5 Trial',
        'Microsoft Teams Essentials',
        'Office 365 E3',
      ]);
      expect(subs.every((s) => s.tenantId === CONTOSO)).toBe(true);
      const e3 = subs.find((s) => s.id === SUBS.e3);
      expect(e3?.partnerOfRecord).toEqual({ partnerId: '4391507', name: 'Fabrikam Advisory Services' });
      const exchange = subs.find((s) => s.id === SUBS.exchange);
      expect(exchange).toMatchObject({ channel: 'reseller', reseller: { partnerId: '5558001', name: 'Northwind Reseller' }, totalLicenses: 10 });
      expect((await billing.listSubscriptions(WINGTIP)).map((s) => s.id)).toEqual([SUBS.wingtipStandard]);
    });

    it('answers an unknown tenant with unknown_tenant', async () => {
      expect((await rejection(billing.listSubscriptions('99999999-9999-4999-8999-999999999999'))).code).toBe('unknown_tenant');
      expect((await rejection(billing.getAccount('99999999-9999-4999-8999-999999999999'))).code).toBe('unknown_tenant');
    });

    it('returns accounts with cloud, agreement type and origin', async () => {
      expect(await billing.getAccount(FOURTH_COFFEE)).toEqual({
        tenantId: FOURTH_COFFEE, displayName: 'Fourth Coffee', cloud: 'worldwide', agreementType: 'MCA', origin: 'direct',
      });
      expect((await billing.getAccount(WINGTIP)).origin).toBe('syndication');
    });

    it('gets one subscription, and hides another tenant\'s subscription as not_found', async () => {
      expect(await billing.getSubscription(CONTOSO, SUBS.e5Trial)).toMatchObject({ isTrial: true, version: 1, skuPartNumber: 'SPE_E5' });
      expect(await rejection(billing.getSubscription(WINGTIP, SUBS.e3))).toEqual({ code: 'not_found', details: { subscriptionId: SUBS.e3 } });
    });

    it('lists the partner directory by name: location IDs only (a headquarters ID cannot be partner of record)', async () => {
      const names = await billing.listPartnerNames!(CONTOSO);
      expect(names).toEqual(
        expect.arrayContaining([
          { partnerId: '4391507', name: 'Fabrikam Advisory Services', kind: 'advisor' },
          { partnerId: '5558001', name: 'Northwind Reseller', kind: 'reseller' },
          { partnerId: '1234567', name: 'Litware Cloud Partners', kind: 'advisor' },
        ]),
      );
      expect(names.map((n) => n.partnerId)).not.toContain('4391500');
    });

    it('looks up every demo partner, and an unknown ID as not found', async () => {
      for (const p of demoData().partners) {
        expect(await billing.lookupPartner(p.partnerId)).toEqual({ found: true, partner: p });
      }
      expect(await billing.lookupPartner('9999999')).toEqual({ found: false, partnerId: '9999999' });
    });

    it('sets a partner where there was none and bumps the version', async () => {
      const after = await billing.setPartnerOfRecord(change({}));
      expect(after.partnerOfRecord).toEqual({ partnerId: '1234567', name: 'Litware Cloud Partners' });
      expect(after.version).toBe(2);
      expect(await billing.getSubscription(CONTOSO, SUBS.businessPremium)).toEqual(after);
    });

    it('replaces and then removes a partner', async () => {
      const replaced = await billing.setPartnerOfRecord(change({ subscriptionId: SUBS.e3 }));
      expect(replaced.partnerOfRecord?.partnerId).toBe('1234567');
      const removed = await billing.setPartnerOfRecord(change({ subscriptionId: SUBS.e3, partnerId: null, expectedVersion: replaced.version }));
      expect(removed.partnerOfRecord).toBeUndefined();
      expect(removed.version).toBe(3);
      expect((await billing.getSubscription(CONTOSO, SUBS.e3)).partnerOfRecord).toBeUndefined();
    });

    it('rejects partner IDs that cannot be partner of record, with the same details', async () => {
      expect(await rejection(billing.setPartnerOfRecord(change({ partnerId: '9999999' })))).toEqual({ code: 'unknown_partner', details: { partnerId: '9999999' } });
      expect(await rejection(billing.setPartnerOfRecord(change({ partnerId: '7654321' })))).toEqual({
        code: 'inactive_partner', details: { partnerId: '7654321', partnerName: 'Tailspin Consulting' },
      });
      expect(await rejection(billing.setPartnerOfRecord(change({ partnerId: '4391500' })))).toEqual({
        code: 'headquarters_id', details: { partnerId: '4391500', partnerName: 'Fabrikam', locationIds: '4391507' },
      });
      expect((await rejection(billing.setPartnerOfRecord(change({ partnerId: '5558001' })))).code).toBe('reseller_id');
      // Nothing changed.
      expect((await billing.getSubscription(CONTOSO, SUBS.businessPremium)).version).toBe(1);
    });

    it('rejects changes on subscriptions the customer cannot change', async () => {
      expect(await rejection(billing.setPartnerOfRecord(change({ subscriptionId: SUBS.exchange })))).toEqual({
        code: 'csp_subscription',
        details: { subscriptionId: SUBS.exchange, subscriptionName: 'Exchange Online (Plan 1)', resellerName: 'Northwind Reseller', resellerId: '5558001' },
      });
      expect((await rejection(billing.setPartnerOfRecord(change({ tenantId: WINGTIP, subscriptionId: SUBS.wingtipStandard })))).code).toBe('syndication_tenant');
      expect(await rejection(billing.setPartnerOfRecord(change({ subscriptionId: SUBS.teamsEssentials })))).toMatchObject({
        code: 'subscription_inactive', details: { status: 'Suspended' },
      });
    });

    it('rejects the same partner again and removing a partner that is not there', async () => {
      expect((await rejection(billing.setPartnerOfRecord(change({ subscriptionId: SUBS.e3, partnerId: '4391507' })))).code).toBe('same_partner');
      expect(await rejection(billing.setPartnerOfRecord(change({ partnerId: null })))).toEqual({ code: 'no_partner', details: { subscriptionId: SUBS.businessPremium } });
    });

    it('refuses a change based on a stale version with conflict and the current version', async () => {
      await billing.setPartnerOfRecord(change({}));
      expect(await rejection(billing.setPartnerOfRecord(change({ partnerId: '4391507', expectedVersion: 1 })))).toEqual({
        code: 'conflict', details: { subscriptionId: SUBS.businessPremium, currentVersion: 2 },
      });
    });

    it('does not let a tenant change another tenant\'s subscription', async () => {
      expect((await rejection(billing.setPartnerOfRecord(change({ tenantId: WINGTIP, subscriptionId: SUBS.businessPremium })))).code).toBe('not_found');
      expect((await billing.getSubscription(CONTOSO, SUBS.businessPremium)).partnerOfRecord).toBeUndefined();
    });

    it('applies a retried change once and answers the retry with the first result', async () => {
      const req = change({});
      const first = await billing.setPartnerOfRecord(req);
      const again = await billing.setPartnerOfRecord(req);
      expect(again).toEqual(first);
      expect((await billing.getSubscription(CONTOSO, SUBS.businessPremium)).version).toBe(2);
      // A second click is a new key: it is a new change, refused because the version moved on.
      expect((await rejection(billing.setPartnerOfRecord({ ...req, idempotencyKey: randomUUID() }))).code).toBe('conflict');
    });

    it('lists relationships and MCA billing roles', async () => {
      expect((await billing.listRelationships(CONTOSO)).map((r) => [r.name, r.type])).toEqual([
        ['Northwind Reseller', 'reseller'],
        ['Fabrikam Advisory Services', 'advisor'],
      ]);
      expect(await billing.listRelationships(WINGTIP)).toEqual([]);
      expect(await billing.getBillingRoles(FOURTH_COFFEE, USERS.coffeeOwner)).toEqual(['BillingAccountOwner']);
      expect(await billing.getBillingRoles(CONTOSO, USERS.alex)).toEqual([]);
    });
  });
}

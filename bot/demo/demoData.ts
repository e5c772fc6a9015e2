import type {
  BillingRole,
  DirectoryRole,
  PartnerProfile,
  PartnerRelationship,
  Subscription,
  TenantAccount,
} from '../domain/types';
import type { PartnerRegistration } from '../partners/partnerRegistry';

/**
 * Demo tenants. Contoso matches the Microsoft 365 Agents Playground's mock tenant and users,
 * so the playground's default user (Alex Wilber) can chat at once.
 */
export const CONTOSO = '00000000-0000-0000-0000-0000000000001';
export const WINGTIP = '22222222-2222-4222-8222-222222222222'; // created through a syndication partner
export const FOURTH_COFFEE = '33333333-3333-4333-8333-333333333333'; // MCA billing account
export const CONTOSO_CHINA = '55555555-5555-4555-8555-555555555555'; // Office 365 operated by 21Vianet
export const WIDE_WORLD = '66666666-6666-4666-8666-666666666666'; // former Office 365 Germany tenant
/** Partner organizations' own tenants (partners are not billing customers here). */
export const LITWARE_TENANT = '77777777-7777-4777-8777-777777777777';
export const FABRIKAM_TENANT = '88888888-8888-4888-8888-888888888888';

export const USERS = {
  alex: '00000000-0000-0000-0000-0000000000020',
  megan: '00000000-0000-0000-0000-0000000000021',
  adele: '00000000-0000-0000-0000-0000000000022',
  isaiah: '00000000-0000-0000-0000-0000000000023',
  patti: '00000000-0000-0000-0000-0000000000024',
  lynne: '00000000-0000-0000-0000-0000000000025',
  wingtipAdmin: '22222222-0000-4000-8000-000000000020',
  coffeeOwner: '33333333-0000-4000-8000-000000000020',
  coffeeReader: '33333333-0000-4000-8000-000000000021',
  coffeeGlobalAdmin: '33333333-0000-4000-8000-000000000022',
  chinaAdmin: '55555555-0000-4000-8000-000000000020',
  wideWorldAdmin: '66666666-0000-4000-8000-000000000020',
  litwareContact: '77777777-0000-4000-8000-000000000020',
  fabrikamContact: '88888888-0000-4000-8000-000000000020',
} as const;

export const SUBS = {
  businessPremium: 'c0a10001-0000-4000-8000-000000000001',
  e3: 'c0a10001-0000-4000-8000-000000000002',
  e5Trial: 'c0a10001-0000-4000-8000-000000000003',
  exchange: 'c0a10001-0000-4000-8000-000000000004',
  teamsEssentials: 'c0a10001-0000-4000-8000-000000000005',
  wingtipStandard: 'c0a20002-0000-4000-8000-000000000001',
  coffeeBasic: 'c0a30003-0000-4000-8000-000000000001',
  chinaE3: 'c0a50005-0000-4000-8000-000000000001',
  wideWorldE3: 'c0a60006-0000-4000-8000-000000000001',
} as const;

export interface DemoUser {
  tenantId: string;
  userId: string;
  displayName: string;
  directoryRoles: DirectoryRole[];
  billingRoles: BillingRole[];
}

export interface DemoData {
  accounts: TenantAccount[];
  subscriptions: Subscription[];
  partners: PartnerProfile[];
  relationships: Record<string, PartnerRelationship[]>;
  users: DemoUser[];
}

const fabrikam = { partnerId: '4391507', name: 'Fabrikam Advisory Services' };
const northwind = { partnerId: '5558001', name: 'Northwind Reseller' };

function sub(s: Omit<Subscription, 'version' | 'totalLicenses'> & { totalLicenses?: number }): Subscription {
  return { totalLicenses: 25, version: 1, ...s };
}

export function demoData(): DemoData {
  return {
    accounts: [
      { tenantId: CONTOSO, displayName: 'Contoso', cloud: 'worldwide', agreementType: 'MOSA', origin: 'direct' },
      { tenantId: WINGTIP, displayName: 'Wingtip Toys', cloud: 'worldwide', agreementType: 'MOSA', origin: 'syndication' },
      { tenantId: FOURTH_COFFEE, displayName: 'Fourth Coffee', cloud: 'worldwide', agreementType: 'MCA', origin: 'direct' },
      { tenantId: CONTOSO_CHINA, displayName: 'Contoso China', cloud: 'china21vianet', agreementType: 'MOSA', origin: 'direct' },
      { tenantId: WIDE_WORLD, displayName: 'Wide World Importers GmbH', cloud: 'germany', agreementType: 'MOSA', origin: 'direct' },
    ],
    subscriptions: [
      sub({ id: SUBS.businessPremium, tenantId: CONTOSO, name: 'Microsoft 365 Business Premium', skuPartNumber: 'SPB', status: 'Enabled', isTrial: false, channel: 'direct' }),
      sub({ id: SUBS.e3, tenantId: CONTOSO, name: 'Office 365 E3', skuPartNumber: 'ENTERPRISEPACK', status: 'Enabled', isTrial: false, channel: 'direct', partnerOfRecord: fabrikam }),
      sub({ id: SUBS.e5Trial, tenantId: CONTOSO, name: 'Microsoft 365 E5 Trial', skuPartNumber: 'SPE_E5', status: 'Enabled', isTrial: true, channel: 'direct', totalLicenses: 25 }),
      sub({ id: SUBS.exchange, tenantId: CONTOSO, name: 'Exchange Online (Plan 1)', skuPartNumber: 'EXCHANGESTANDARD', status: 'Enabled', isTrial: false, channel: 'reseller', reseller: northwind, totalLicenses: 10 }),
      sub({ id: SUBS.teamsEssentials, tenantId: CONTOSO, name: 'Microsoft Teams Essentials', skuPartNumber: 'TEAMS_ESSENTIALS_AAD', status: 'Suspended', isTrial: false, channel: 'direct', totalLicenses: 5 }),
      sub({ id: SUBS.wingtipStandard, tenantId: WINGTIP, name: 'Microsoft 365 Business Standard', skuPartNumber: 'O365_BUSINESS_PREMIUM', status: 'Enabled', isTrial: false, channel: 'syndication', totalLicenses: 8 }),
      sub({ id: SUBS.chinaE3, tenantId: CONTOSO_CHINA, name: 'Office 365 E3', skuPartNumber: 'ENTERPRISEPACK', status: 'Enabled', isTrial: false, channel: 'direct', totalLicenses: 30 }),
      sub({ id: SUBS.wideWorldE3, tenantId: WIDE_WORLD, name: 'Office 365 E3', skuPartNumber: 'ENTERPRISEPACK', status: 'Enabled', isTrial: false, channel: 'direct', totalLicenses: 12 }),
      sub({ id: SUBS.coffeeBasic, tenantId: FOURTH_COFFEE, name: 'Microsoft 365 Business Basic', skuPartNumber: 'O365_BUSINESS_ESSENTIALS', status: 'Enabled', isTrial: false, channel: 'direct', totalLicenses: 40 }),
    ],
    partners: [
      { partnerId: '4391507', name: 'Fabrikam Advisory Services', location: 'Seattle, United States', active: true, idType: 'location', kind: 'advisor', tenantId: FABRIKAM_TENANT },
      { partnerId: '4391500', name: 'Fabrikam', location: 'Redmond, United States', active: true, idType: 'headquarters', kind: 'advisor', locationIds: ['4391507'], tenantId: FABRIKAM_TENANT },
      { partnerId: '1234567', name: 'Litware Cloud Partners', location: 'Stockholm, Sweden', active: true, idType: 'location', kind: 'advisor', tenantId: LITWARE_TENANT },
      { partnerId: '7654321', name: 'Tailspin Consulting', location: 'Lyon, France', active: false, idType: 'location', kind: 'advisor' },
      { partnerId: '5558001', name: 'Northwind Reseller', location: 'Amsterdam, Netherlands', active: true, idType: 'location', kind: 'reseller' },
    ],
    relationships: {
      [CONTOSO]: [
        { ...northwind, type: 'reseller', roles: [] },
        { ...fabrikam, type: 'advisor', roles: ['global_admin', 'helpdesk_admin'] },
      ],
      [WINGTIP]: [],
      [FOURTH_COFFEE]: [],
      [CONTOSO_CHINA]: [],
      [WIDE_WORLD]: [],
    },
    users: [
      { tenantId: CONTOSO, userId: USERS.alex, displayName: 'Alex Wilber', directoryRoles: ['GlobalAdministrator'], billingRoles: [] },
      { tenantId: CONTOSO, userId: USERS.megan, displayName: 'Megan Bowen', directoryRoles: ['BillingAdministrator'], billingRoles: [] },
      { tenantId: CONTOSO, userId: USERS.adele, displayName: 'Adele Vance', directoryRoles: [], billingRoles: [] },
      { tenantId: CONTOSO, userId: USERS.isaiah, displayName: 'Isaiah Langer', directoryRoles: ['GlobalReader'], billingRoles: [] },
      { tenantId: CONTOSO, userId: USERS.patti, displayName: 'Patti Fernandez', directoryRoles: [], billingRoles: [] },
      { tenantId: CONTOSO, userId: USERS.lynne, displayName: 'Lynne Robbins', directoryRoles: [], billingRoles: [] },
      { tenantId: WINGTIP, userId: USERS.wingtipAdmin, displayName: 'Wingtip Admin', directoryRoles: ['GlobalAdministrator'], billingRoles: [] },
      { tenantId: FOURTH_COFFEE, userId: USERS.coffeeOwner, displayName: 'Coffee Owner', directoryRoles: [], billingRoles: ['BillingAccountOwner'] },
      { tenantId: FOURTH_COFFEE, userId: USERS.coffeeReader, displayName: 'Coffee Reader', directoryRoles: [], billingRoles: ['BillingAccountReader'] },
      // On an MCA account the directory role alone does not allow billing changes.
      { tenantId: FOURTH_COFFEE, userId: USERS.coffeeGlobalAdmin, displayName: 'Coffee Global Admin', directoryRoles: ['GlobalAdministrator'], billingRoles: [] },
      { tenantId: CONTOSO_CHINA, userId: USERS.chinaAdmin, displayName: 'Li Wei', directoryRoles: ['GlobalAdministrator'], billingRoles: [] },
      { tenantId: WIDE_WORLD, userId: USERS.wideWorldAdmin, displayName: 'Jonas Weber', directoryRoles: ['GlobalAdministrator'], billingRoles: [] },
    ],
  };
}

/**
 * A registered partner for local use: Litware Cloud Partners' contact, in Litware's own tenant, can
 * send offers to Contoso China as soon as it opens a chat with the bot.
 */
export function demoPartnerRegistrations(): PartnerRegistration[] {
  return [
    { partnerId: '1234567', partnerName: 'Litware Cloud Partners', tenantId: LITWARE_TENANT, userId: USERS.litwareContact, userName: 'Lee Gu', language: 'sv', registeredAt: '2025-01-01T00:00:00.000Z' },
  ];
}

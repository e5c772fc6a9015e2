import { demoData, type DemoData } from '../bot/demo/demoData';
import type { Subscription } from '../bot/domain/types';

/**
 * The bench's own data set: the demo data plus bench tenants, each with its own subscriptions and
 * Global admins. Virtual user i is admin i and owns subscription i of its tenant, so concurrent
 * confirmations never touch the same subscription (no version conflicts by construction).
 */
export const BENCH_USERS_PER_TENANT = 10;

export interface BenchUser {
  index: number;
  tenantId: string;
  userId: string;
  name: string;
  subscriptionId: string;
  conversationId: string;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

export function benchUser(index: number): BenchUser {
  const tenant = Math.floor(index / BENCH_USERS_PER_TENANT);
  return {
    index,
    tenantId: `b0000000-0000-4000-8000-${hex(tenant, 12)}`,
    userId: `b1000000-0000-4000-8000-${hex(index, 12)}`,
    name: `Bench Admin ${index}`,
    subscriptionId: `b2000000-0000-4000-8000-${hex(index, 12)}`,
    conversationId: `a:bench-personal-${index}`,
  };
}

/** Demo data plus `users` bench admins (tenants of BENCH_USERS_PER_TENANT admins and subscriptions). */
export function benchData(users: number): DemoData {
  const data = demoData();
  const tenants = Math.ceil(users / BENCH_USERS_PER_TENANT);
  for (let t = 0; t < tenants; t++) {
    const tenantId = benchUser(t * BENCH_USERS_PER_TENANT).tenantId;
    data.accounts.push({ tenantId, displayName: `Bench Tenant ${t}`, cloud: 'worldwide', agreementType: 'MOSA', origin: 'direct' });
    data.relationships[tenantId] = [];
  }
  for (let i = 0; i < tenants * BENCH_USERS_PER_TENANT; i++) {
    const u = benchUser(i);
    const sub: Subscription = {
      id: u.subscriptionId,
      tenantId: u.tenantId,
      name: `Microsoft 365 Business Premium ${i}`,
      skuPartNumber: 'SPB',
      status: 'Enabled',
      isTrial: false,
      channel: 'direct',
      totalLicenses: 25,
      version: 1,
    };
    data.subscriptions.push(sub);
    data.users.push({ tenantId: u.tenantId, userId: u.userId, displayName: u.name, directoryRoles: ['GlobalAdministrator'], billingRoles: [] });
  }
  return data;
}

/** Two active location partners from the demo data: flows alternate so each confirm is a real change. */
export const BENCH_PARTNERS = ['1234567', '4391507'] as const;

import type { BillingService } from '../billing/billingService';
import type { DirectoryService } from '../directory/directoryService';
import type { FlowServices } from './services';

/**
 * Read-through memo for one turn. Several steps of a turn need the same backend answer (the access
 * check, the catalog for the parser, the confirmation all read the account and the subscription
 * list): each distinct read reaches the backend once per turn. A failed read is not kept, and a
 * write forgets the reads it can change so later reads in the same turn see the change. Created per turn, never
 * shared: nothing is cached across turns or users here.
 */
class TurnMemo {
  private readonly values = new Map<string, Promise<unknown>>();

  read<T>(key: string, load: () => Promise<T>): Promise<T> {
    let value = this.values.get(key) as Promise<T> | undefined;
    if (!value) {
      value = load();
      this.values.set(key, value);
      value.catch(() => this.values.delete(key));
    }
    return value;
  }

  /** Runs a write; the reads it can change (keys starting with one of `changes`) are read again afterwards. */
  async write<T>(run: () => Promise<T>, changes: string[]): Promise<T> {
    const forget = () => {
      for (const key of [...this.values.keys()]) if (changes.some((prefix) => key.startsWith(prefix))) this.values.delete(key);
    };
    forget();
    try {
      return await run();
    } finally {
      forget();
    }
  }
}

function memoBilling(billing: BillingService, memo: TurnMemo): BillingService {
  const listPartnerNames = billing.listPartnerNames?.bind(billing);
  return {
    ...(listPartnerNames ? { listPartnerNames: (tenantId: string) => memo.read(`partnerNames\0${tenantId}`, () => listPartnerNames(tenantId)) } : {}),
    getAccount: (tenantId) => memo.read(`account\0${tenantId}`, () => billing.getAccount(tenantId)),
    listSubscriptions: (tenantId) => memo.read(`subs\0${tenantId}`, () => billing.listSubscriptions(tenantId)),
    getSubscription: (tenantId, id) => memo.read(`sub\0${tenantId}\0${id}`, () => billing.getSubscription(tenantId, id)),
    lookupPartner: (partnerId) => memo.read(`partner\0${partnerId}`, () => billing.lookupPartner(partnerId)),
    listRelationships: (tenantId) => memo.read(`relationships\0${tenantId}`, () => billing.listRelationships(tenantId)),
    getBillingRoles: (tenantId, userId) => memo.read(`billingRoles\0${tenantId}\0${userId}`, () => billing.getBillingRoles(tenantId, userId)),
    // Changes a subscription only: the account, partners and roles read in this turn stay valid.
    setPartnerOfRecord: (request) => memo.write(() => billing.setPartnerOfRecord(request), ['subs\0', 'sub\0']),
  };
}

function memoDirectory(directory: DirectoryService, memo: TurnMemo): DirectoryService {
  const listSubscriptions = directory.listSubscriptions?.bind(directory);
  const getOrganization = directory.getOrganization?.bind(directory);
  return {
    getUserRoles: (tenantId, userId) => memo.read(`roles\0${tenantId}\0${userId}`, () => directory.getUserRoles(tenantId, userId)),
    ...(listSubscriptions ? { listSubscriptions: (tenantId: string) => memo.read(`dirSubs\0${tenantId}`, () => listSubscriptions(tenantId)) } : {}),
    ...(getOrganization ? { getOrganization: (tenantId: string) => memo.read(`org\0${tenantId}`, () => getOrganization(tenantId)) } : {}),
  };
}

/** The services for one turn: the same ports, with reads memoized for the turn. */
export function servicesForTurn(services: FlowServices): FlowServices {
  const memo = new TurnMemo();
  return { ...services, billing: memoBilling(services.billing, memo), directory: memoDirectory(services.directory, memo) };
}

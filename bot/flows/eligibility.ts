import { subscriptionProblem } from '../billing/partnerRules';
import type { DomainError } from '../domain/errors';
import type { Subscription, TenantAccount } from '../domain/types';
import type { ChangeMode } from './draft';

export interface Classified {
  eligible: Subscription[];
  unavailable: { sub: Subscription; error: DomainError }[];
}

/** Splits the tenant's subscriptions into those this change may touch and those it may not (with why). */
export function classify(account: TenantAccount, subs: Subscription[], mode: ChangeMode): Classified {
  const result: Classified = { eligible: [], unavailable: [] };
  for (const sub of subs) {
    const error = subscriptionProblem(account, sub);
    if (error) result.unavailable.push({ sub, error });
    else if (mode !== 'remove' || sub.partnerOfRecord) result.eligible.push(sub);
  }
  return result;
}

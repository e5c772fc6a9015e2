import { partnersCard } from '../cards/partnersCard';
import { roleRefusal } from './notices';
import { checkAccess } from './permissions';
import { outcome, type Turn, type TurnOutcome } from './turn';

/** The partners card; `page` set = a "Show more" click, answered by updating that card in place. */
export async function viewPartners(turn: Turn, page?: number): Promise<TurnOutcome> {
  const { tenantId, userId } = turn.identity;
  const { account, permissions } = await checkAccess(turn.services, tenantId, userId);
  if (!permissions.canView) return outcome.blocked(outcome.card(roleRefusal(turn, account, 'view')));
  const [subs, relationships] = await Promise.all([
    turn.services.billing.listSubscriptions(tenantId),
    turn.services.billing.listRelationships(tenantId),
  ]);
  // Office 365 Germany closed: its tenants are served by the worldwide flow, said once per answer.
  const prefix = account.cloud === 'germany' ? [outcome.text(turn.t('germany.notice'))] : [];
  const card = partnersCard(turn, account, subs, relationships, page ?? 0);
  return page === undefined ? outcome.reply(...prefix, outcome.card(card)) : outcome.update(card);
}

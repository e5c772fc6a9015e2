import { escapeMarkdown } from '../cards/cardRenderer';
import { LINKS } from '../cards/links';
import { list, noticeCard } from '../cards/noticeCard';
import { roleRefusal } from './notices';
import { checkAccess } from './permissions';
import { outcome, type Turn, type TurnOutcome } from './turn';

/**
 * A customer cannot remove a reseller relationship (Delete is grayed out in the admin center): explain
 * why and give the reseller's exact Partner Center steps (DOMAIN.md §4). Nothing is changed.
 */
export async function removeReseller(turn: Turn): Promise<TurnOutcome> {
  const { tenantId, userId, userName } = turn.identity;
  // Who the reseller is, is billing information: the same roles as viewing the partners.
  const { account, permissions } = await checkAccess(turn.services, tenantId, userId);
  if (!permissions.canView) return outcome.blocked(outcome.card(roleRefusal(turn, account, 'view')));
  const relationships = await turn.services.billing.listRelationships(tenantId);
  const resellers = relationships.filter((r) => r.type === 'reseller' || r.type === 'indirect_reseller');
  const names = resellers.map((r) => `${escapeMarkdown(r.name)} (${r.partnerId})`).join(', ');
  await turn.services.audit.append({
    at: turn.services.now().toISOString(),
    tenantId,
    actorId: userId,
    actorName: userName,
    action: 'blocked',
    outcome: 'refused',
    reason: 'remove_reseller_not_allowed',
  });
  return outcome.blocked(
    outcome.card(
      noticeCard(turn, {
        title: turn.t('reseller.title'),
        color: 'Accent',
        paragraphs: [
          turn.t('reseller.cannot'),
          resellers.length ? turn.t('reseller.yours', { names, count: resellers.length }) : turn.t('reseller.none'),
          turn.t('reseller.ask'),
        ],
        stepsHeading: turn.t('reseller.stepsHeading'),
        steps: list(turn, 'reseller.steps'),
        notes: [turn.t('reseller.effects')],
        links: [{ title: turn.t('links.removeRelationship'), url: LINKS.removeRelationship }],
      }),
    ),
  );
}

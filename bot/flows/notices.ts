import { noticeCard, list } from '../cards/noticeCard';
import { menuActions } from '../cards/menuActions';
import { LINKS } from '../cards/links';
import type { DomainError } from '../domain/errors';
import type { TenantAccount } from '../domain/types';
import { reasonText } from '../cards/subscriptionText';
import type { Turn } from './turn';
import type { AdaptiveCard } from '../cards/cardRenderer';

/** Refusal for a user without a role that may change (or view) the partner of record. */
export function roleRefusal(turn: Turn, account: TenantAccount, action: 'manage' | 'view'): AdaptiveCard {
  const type = account.agreementType === 'MCA' ? 'mca' : 'mosa';
  return noticeCard(turn, {
    title: turn.t('refusal.title'),
    color: 'Attention',
    paragraphs: [turn.t(`refusal.${action}.${type}`), turn.t('refusal.askAdmin')],
  });
}

/** Why a subscription's or tenant's partner cannot be changed, with what to do instead. */
export function blockedNotice(turn: Turn, errors: DomainError[]): AdaptiveCard {
  const first = errors[0]!;
  return noticeCard(turn, {
    title: turn.t('blocked.title'),
    color: 'Accent',
    paragraphs: errors.map((e) => reasonText(turn, e)),
    stepsHeading: turn.t('blocked.whatToDo'),
    steps: list(turn, `help.${first.code}`, { defaultValue: [] }),
    links: first.code === 'csp_subscription' ? [{ title: turn.t('links.removeRelationship'), url: LINKS.removeRelationship }] : [],
  });
}

export function expiredCardNotice(turn: Turn): AdaptiveCard {
  return noticeCard(turn, {
    title: turn.t('expired.title'),
    paragraphs: [turn.t('expired.text')],
    actions: menuActions(turn, ['menu.help']),
  });
}

export function failureNotice(turn: Turn): AdaptiveCard {
  return noticeCard(turn, {
    title: turn.t('failure.title'),
    color: 'Attention',
    paragraphs: [turn.t('failure.text')],
    actions: menuActions(turn, ['menu.help']),
  });
}

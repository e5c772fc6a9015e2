import type { Turn } from '../flows/turn';
import type { AdaptiveCard } from './cardRenderer';
import { list } from './noticeCard';
import { menuActions } from './menuActions';

export function welcomeCard(turn: Turn, intro?: string): AdaptiveCard {
  return turn.services.cards.render('welcome', {
    title: turn.t('welcome.title'),
    intro: intro ?? turn.t('welcome.intro'),
    examplesHeading: turn.t('welcome.examplesHeading'),
    examples: list(turn, 'welcome.examples').map((text) => ({ text })),
    actions: menuActions(turn, ['menu.view', 'menu.add', 'menu.change', 'menu.remove', 'menu.removeReseller', 'menu.purchase']),
  });
}

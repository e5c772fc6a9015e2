import { shortUtc } from '../collaboration/userTurn';
import type { Turn } from '../flows/turn';
import type { Ticket } from '../handoff/ticket';
import { escapeMarkdown, type AdaptiveCard } from './cardRenderer';

/**
 * The ticket in the helpdesk channel: who, which organization, what they tried, the bot's last
 * answers, status, and the buttons for the state it is in. It carries a refresh action so that
 * everyone in the channel sees the current state (Universal Actions).
 */
export function ticketCard(turn: Turn, ticket: Ticket): AdaptiveCard {
  const t = turn.t;
  const verbs = ticket.status === 'open' ? ['ticket.assign', 'ticket.resolve'] : ticket.status === 'assigned' ? ['ticket.resolve', 'ticket.handBack'] : [];
  return turn.services.cards.render('ticket', {
    ticketId: ticket.id,
    title: t('ticket.title', { name: escapeMarkdown(ticket.requester.name) }),
    color: ticket.status === 'open' ? 'Attention' : ticket.status === 'assigned' ? 'Accent' : 'Good',
    facts: [
      { title: t('ticket.who'), value: escapeMarkdown(ticket.requester.name) },
      { title: t('ticket.organization'), value: `${escapeMarkdown(ticket.tenantName)} (${ticket.tenantId})` },
      { title: t('ticket.status'), value: t(`ticket.statusValue.${ticket.status}`, { name: escapeMarkdown(ticket.agent?.name ?? '') }) },
      { title: t('ticket.opened'), value: shortUtc(ticket.createdAt) },
    ],
    triedHeading: t('ticket.triedHeading'),
    tried: ticket.transcript.filter((e) => e.from === 'user').map((e) => ({ text: escapeMarkdown(e.text) })),
    answersHeading: t('ticket.answersHeading'),
    answers: ticket.transcript.filter((e) => e.from === 'bot').map((e) => ({ text: escapeMarkdown(e.text) })),
    hint: t(ticket.status === 'assigned' ? 'ticket.hintAssigned' : ticket.status === 'open' ? 'ticket.hintOpen' : 'ticket.hintClosed'),
    actions: verbs.map((verb) => ({ verb, title: t(`ticket.button.${verb.slice('ticket.'.length)}`) })),
  });
}

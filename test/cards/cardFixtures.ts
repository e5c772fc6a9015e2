import { confirmCard } from '../../bot/cards/confirmCard';
import type { AdaptiveCard, CardName, CardRenderer } from '../../bot/cards/cardRenderer';
import { noticeCard } from '../../bot/cards/noticeCard';
import { partnerFormCard } from '../../bot/cards/partnerFormCard';
import { partnersCard } from '../../bot/cards/partnersCard';
import { resultCard } from '../../bot/cards/resultCard';
import { welcomeCard } from '../../bot/cards/welcomeCard';
import { offerCard } from '../../bot/cards/offerCard';
import { partnerNoticeCard } from '../../bot/cards/partnerNoticeCard';
import { partnerRegisterCard } from '../../bot/cards/partnerRegisterCard';
import { ticketCard } from '../../bot/cards/ticketCard';
import { clarifyCard } from '../../bot/cards/clarifyCard';
import type { Offer } from '../../bot/offers/offer';
import type { PartnerChange } from '../../bot/partners/partnerChange';
import type { Ticket } from '../../bot/handoff/ticket';
import { escapeMarkdown } from '../../bot/cards/cardRenderer';
import { reasonText } from '../../bot/cards/subscriptionText';
import { DomainError } from '../../bot/domain/errors';
import type { PartnerRelationship, Subscription, TenantAccount } from '../../bot/domain/types';
import type { ChangeDraft } from '../../bot/flows/draft';
import { blockedNotice, expiredCardNotice, failureNotice, roleRefusal } from '../../bot/flows/notices';
import type { FlowServices } from '../../bot/flows/services';
import type { Turn } from '../../bot/flows/turn';
import { createLocalizer, type Language } from '../../bot/i18n/i18n';

const localizer = createLocalizer();

/** A turn whose card renderer is the one under test; only what card builders read is filled in. */
export function turnWith(cards: CardRenderer, language: Language): Turn {
  return {
    identity: { tenantId: 't', userId: 'u', userName: 'Alex Wilber', conversationId: 'c' },
    language,
    t: localizer.t(language),
    services: { cards } as FlowServices,
  };
}

export const account: TenantAccount = { tenantId: 't', displayName: 'Contoso [EMEA] *Holdings*', cloud: 'worldwide', agreementType: 'MOSA', origin: 'direct' };

/** Realistic subscriptions with long names (and markdown characters), alternating channels and partners. */
export function subscriptions(n: number): Subscription[] {
  const skus = ['Microsoft 365 E5 (no Teams)', 'Office 365 E3', 'Microsoft 365 Business Premium', 'Exchange Online (Plan 2)', 'Power BI Pro', 'Visio Plan 2'];
  return Array.from({ length: n }, (_, i) => ({
    id: `c0a10001-0000-4000-8000-${String(i).padStart(12, '0')}`,
    tenantId: 't',
    name: `${skus[i % skus.length]} – Department ${i + 1} *Finance_EMEA*`,
    skuPartNumber: 'SPE_E5',
    status: i % 7 === 3 ? 'Suspended' : 'Enabled',
    isTrial: i % 5 === 0,
    totalLicenses: 25,
    channel: i % 6 === 5 ? 'reseller' : 'direct',
    reseller: i % 6 === 5 ? { partnerId: '5558001', name: 'Northwind Reseller' } : undefined,
    partnerOfRecord: i % 2 === 0 ? { partnerId: '4391507', name: 'Fabrikam Advisory Services' } : undefined,
    version: 3,
  }));
}

const relationships: PartnerRelationship[] = [
  { partnerId: '5558001', name: 'Northwind Reseller', type: 'reseller', roles: [] },
  { partnerId: '4391507', name: 'Fabrikam Advisory Services', type: 'advisor', roles: ['global_admin', 'helpdesk_admin'] },
  { partnerId: '1234567', name: 'Litware Cloud Partners', type: 'partner_gdap', roles: ['global_reader', 'exchange_admin'] },
];

function draft(n: number, mode: ChangeDraft['mode']): ChangeDraft {
  const subs = subscriptions(n);
  return {
    id: '0b7e1f7a-3d55-4a43-9a55-3f1f6f2c9d10',
    tenantId: 't',
    ownerId: 'u',
    mode,
    language: 'en',
    status: 'done',
    subscriptionIds: subs.map((s) => s.id),
    partner: mode === 'remove' ? undefined : { partnerId: '1234567', name: 'Litware Cloud Partners', location: 'Stockholm, Sweden' },
    snapshot: subs.map((s) => ({ subscriptionId: s.id, name: s.name, version: s.version, oldPartner: s.partnerOfRecord })),
    results: subs.map((s, i) =>
      i % 4 === 3
        ? { subscriptionId: s.id, name: s.name, outcome: 'failed' as const, errorCode: 'conflict' as const, oldPartner: s.partnerOfRecord }
        : { subscriptionId: s.id, name: s.name, outcome: 'applied' as const, oldPartner: s.partnerOfRecord, newPartner: { partnerId: '1234567', name: 'Litware Cloud Partners' } },
    ),
    appliedBy: { userId: 'u', name: 'Alex Wilber' },
    createdAt: '2026-01-02T10:00:00.000Z',
    updatedAt: '2026-01-02T10:01:00.000Z',
  };
}

/** Every card the bot builds, through the real card builders, for `n` subscriptions. */
export function allCards(turn: Turn, n: number): Record<string, AdaptiveCard> {
  const subs = subscriptions(n);
  const unavailable = subs
    .filter((s) => s.channel === 'reseller' || s.status !== 'Enabled')
    .map((s) => ({
      name: escapeMarkdown(s.name),
      reason: reasonText(turn, new DomainError(s.channel === 'reseller' ? 'csp_subscription' : 'subscription_inactive', '', { subscriptionName: s.name, resellerName: s.reseller?.name, status: s.status })),
    }));
  const eligible = subs.filter((s) => s.channel === 'direct' && s.status === 'Enabled');
  const t = turn.t;
  return {
    welcome: welcomeCard(turn),
    welcomeNotUnderstood: welcomeCard(turn, t('welcome.notUnderstood')),
    partners: partnersCard(turn, account, subs, relationships),
    partnersNone: partnersCard(turn, account, subs.map((s) => ({ ...s, partnerOfRecord: undefined })), []),
    formAdd: partnerFormCard(turn, { draftId: 'd', mode: 'add', eligible, unavailable, selectedIds: [], partnerId: undefined }),
    formAddError: partnerFormCard(turn, {
      draftId: 'd',
      mode: 'change',
      eligible,
      unavailable,
      selectedIds: eligible.slice(0, 3).map((s) => s.id),
      partnerId: '4391500',
      error: reasonText(turn, new DomainError('headquarters_id', '', { partnerId: '4391500', partnerName: 'Fabrikam', locationIds: '4391507' })),
      errorHelp: ['Open Partner Center', 'Copy the location ID'],
    }),
    formAddNamed: partnerFormCard(turn, { draftId: 'd', mode: 'add', eligible, unavailable, selectedIds: [], partnerName: 'Tailspin <b>*' }),
    clarify: clarifyCard(turn, { choices: ['add_partner', 'change_partner', 'view_partners'], partnerName: 'Tailspin', partnerId: '7654321', subscriptions: eligible.slice(0, 2).map((s) => ({ id: s.id, name: s.name })) }),
    clarifyNothing: clarifyCard(turn, { choices: ['remove_partner', 'remove_reseller'], subscriptions: [] }),
    formRemove: partnerFormCard(turn, { draftId: 'd', mode: 'remove', eligible: eligible.filter((s) => s.partnerOfRecord), unavailable: [], selectedIds: [] }),
    confirmAdd: confirmCard(turn, draft(n, 'add'), t('confirm.skippedSame', { count: 2 })),
    confirmRemove: confirmCard(turn, draft(n, 'remove')),
    result: resultCard(turn, draft(n, 'change'), [t('result.alreadyApplied')]),
    resultRemove: resultCard(turn, draft(n, 'remove')),
    notice: noticeCard(turn, { title: t('purchase.title'), paragraphs: [t('purchase.intro')], steps: ['one', 'two'], links: [{ title: 'Pinpoint', url: 'https://pinpoint.microsoft.com' }], actions: [{ title: 'Help', verb: 'menu.help', lang: turn.language }], notes: ['Afterwards…'] }),
    blocked: blockedNotice(turn, [new DomainError('csp_subscription', '', { subscriptionName: subs[5]?.name ?? 'x', resellerName: 'Northwind Reseller' })]),
    refusal: roleRefusal(turn, { ...account, agreementType: 'MCA' }, 'manage'),
    expired: expiredCardNotice(turn),
    failure: failureNotice(turn),
    offer: offerCard(turn, offer(n > 0), { subscriptions: subs.slice(0, n) }),
    offerExpired: offerCard(turn, offer(false), { expired: true }),
    partnerNotice: partnerNoticeCard(turn, partnerChange(subs), partnerChange(subs).partners[0]!),
    partnerNoticeAcknowledged: partnerNoticeCard(turn, partnerChange(subs), partnerChange(subs).partners[1]!, { by: 'Lee Gu', at: '2026-11-21T10:00:00Z' }),
    partnerRegister: partnerRegisterCard(turn),
    partnerRegisterError: partnerRegisterCard(turn, t('errors.unknown_partner', { partnerId: '9999999' })),
    ticket: ticketCard(turn, ticket(n)),
  };
}

function offer(withTrial: boolean): Offer {
  return {
    id: 'o1',
    partnerId: '1234567',
    partnerName: 'Litware *Cloud* Partners',
    partnerLocation: 'Stockholm, Sweden',
    tenantId: 't',
    tenantName: account.displayName,
    trial: withTrial ? { name: 'Microsoft 365 E5 Trial', skuPartNumber: 'SPE_E5', licenses: 25 } : undefined,
    status: 'sent',
    sentBy: { tenantId: 'p', userId: 'lee', name: 'Lee Gu' },
    createdAt: '2026-11-21T10:00:00Z',
    expiresAt: '2026-11-28T10:00:00Z',
    updatedAt: '2026-11-21T10:00:00Z',
  };
}

function partnerChange(subs: Subscription[]): PartnerChange {
  const rows = subs.slice(0, 3).map((s) => ({ subscriptionName: s.name, from: { partnerId: '4391507', name: 'Fabrikam' }, to: { partnerId: '1234567', name: 'Litware' } }));
  return {
    changeId: 'c1',
    tenantId: 't',
    customerName: account.displayName,
    at: '2026-11-21T10:00:00Z',
    byName: 'Alex Wilber',
    admin: { userId: 'u', name: 'Alex Wilber', language: 'en', conversationId: 'c' },
    partners: [
      { partnerId: '1234567', name: 'Litware', role: 'added', rows, registered: true },
      { partnerId: '4391507', name: 'Fabrikam', role: 'removed', rows, registered: true },
    ],
  };
}

function ticket(n: number): Ticket {
  return {
    id: 'tk1',
    tenantId: 't',
    tenantName: account.displayName,
    requester: { userId: 'u', name: 'Alex Wilber', language: 'en', conversationId: 'c' },
    status: n % 2 === 0 ? 'open' : 'assigned',
    agent: n % 2 === 0 ? undefined : { userId: 'a', name: 'Megan Bowen' },
    transcript: Array.from({ length: Math.min(n, 10) }, (_, i) => ({ from: i % 2 === 0 ? ('user' as const) : ('bot' as const), text: `message ${i} with *markdown*`, at: '2026-11-21T10:00:00Z' })),
    createdAt: '2026-11-21T10:00:00Z',
    updatedAt: '2026-11-21T10:00:00Z',
  };
}

/** Records each render request so the same data can be expanded by another renderer. */
export class RecordingRenderer implements CardRenderer {
  readonly calls: { name: CardName; data: object; card: AdaptiveCard }[] = [];
  constructor(private readonly inner: CardRenderer) {}
  render(name: CardName, data: object): AdaptiveCard {
    const card = this.inner.render(name, data);
    this.calls.push({ name, data: structuredClone(data), card });
    return card;
  }
}

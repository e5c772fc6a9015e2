import { contosoKnowledge } from '../../bot/conversation/demoTenant';
import { decide } from '../../bot/conversation/decide';
import type { ResolvedRequest } from '../../bot/conversation/resolveRequest';
import { resolveRequest } from '../../bot/conversation/resolveRequest';
import { SUBS } from '../../bot/demo/demoData';
import { INTENTS, type Intent, type ParsedRequest } from '../../bot/nlu/intents';

/** The pure steps of the pipeline: reading a parse against Contoso, and acting or asking. */
const ranked = (scores: Partial<Record<Intent, number>>) =>
  INTENTS.map((intent) => ({ intent, score: scores[intent] ?? 0 })).sort((a, b) => b.score - a.score);
const resolved = (scores: Partial<Record<Intent, number>>, extra: Partial<ResolvedRequest> = {}): ResolvedRequest => {
  const r = ranked(scores);
  return { intent: r[0]!.intent, ranked: r, subscriptionIds: [], ...extra };
};
const parsed = (scores: Partial<Record<Intent, number>>, extra: Partial<ParsedRequest> = {}): ParsedRequest => {
  const r = ranked(scores);
  return { intent: r[0]!.intent, confidence: r[0]!.score, ranked: r, otherPartnerIds: [], partnerNames: [], subscriptionIds: [], ...extra };
};
const fabrikam = { name: 'Fabrikam Advisory Services', target: false, known: { partnerId: '4391507', name: 'Fabrikam Advisory Services', kind: 'advisor' as const, current: true } };
const northwind = { name: 'Northwind Reseller', target: false, known: { partnerId: '5558001', name: 'Northwind Reseller', kind: 'reseller' as const } };

describe('decide', () => {
  it('acts on a sure removal, asks when the lead over the next intent is small', () => {
    expect(decide(resolved({ remove_partner: 0.9, change_partner: 0.05 }))).toEqual({ kind: 'act', intent: 'remove_partner' });
    const asked = decide(resolved({ remove_partner: 0.5, change_partner: 0.4 }));
    expect(asked.kind).toBe('clarify');
    expect(asked.kind === 'clarify' && asked.choices.slice(0, 2)).toEqual(['remove_partner', 'change_partner']);
  });

  it('shows the help card for "unknown" or "help" when nothing was understood, or when surely about something else', () => {
    expect(decide(resolved({ unknown: 0.5 }))).toEqual({ kind: 'act', intent: 'unknown' });
    // A subscription or a partner read: asked back, unless the classifier is sure it is about something else.
    expect(decide(resolved({ unknown: 0.6 }, { subscriptionIds: [SUBS.e3] })).kind).toBe('clarify');
    expect(decide(resolved({ unknown: 0.8, view_partners: 0.2 }, { subscriptionIds: [SUBS.e3] }))).toEqual({ kind: 'act', intent: 'unknown' });
    expect(decide(resolved({ unknown: 0.8, view_partners: 0.4 }, { subscriptionIds: [SUBS.e3] })).kind).toBe('clarify');
    expect(decide(resolved({ help: 0.9 }, { partnerId: '1234567' })).kind).toBe('clarify');
    const asked = decide(resolved({ unknown: 0.6, view_partners: 0.1 }, { partnerName: 'Tailspin' }));
    expect(asked.kind === 'clarify' && asked.choices).not.toContain('unknown');
  });
});

describe('resolveRequest against Contoso', () => {
  const k = contosoKnowledge();
  it('"set partner X on S": an add where S has no partner, a change where it has one, with both scores pooled', () => {
    const onE3 = resolveRequest(parsed({ add_partner: 0.5, change_partner: 0.3 }, { partnerId: '1234567', subscriptionIds: [SUBS.e3] }), k);
    expect(onE3.intent).toBe('change_partner');
    expect(onE3.ranked[0]!.score).toBeCloseTo(0.8);
    expect(resolveRequest(parsed({ change_partner: 0.6 }, { partnerId: '1234567', subscriptionIds: [SUBS.businessPremium] }), k).intent).toBe('add_partner');
  });

  it('a reseller named for removal is the reseller relationship; a partner named for removal is taken off where it is', () => {
    expect(resolveRequest(parsed({ remove_partner: 0.7 }, { partnerNames: [northwind] }), k).intent).toBe('remove_reseller');
    const off = resolveRequest(parsed({ remove_partner: 0.7 }, { partnerNames: [fabrikam] }), k);
    expect(off).toMatchObject({ intent: 'remove_partner', subscriptionIds: [SUBS.e3], partnerName: 'Fabrikam Advisory Services' });
    // The partner being replaced never becomes the new one.
    expect(resolveRequest(parsed({ change_partner: 0.7 }, { partnerNames: [fabrikam], subscriptionIds: [SUBS.e3] }), k).partnerId).toBeUndefined();
  });

  it('two IDs are a change from the first to the second', () => {
    const r = resolveRequest(parsed({ add_partner: 0.6 }, { partnerId: '1234567', otherPartnerIds: ['4391507'] }), k);
    expect(r).toMatchObject({ intent: 'change_partner', partnerId: '1234567', adjusted: 'two_ids' });
  });
});

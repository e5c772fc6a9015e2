import { contosoKnowledge } from '../../bot/conversation/demoTenant';
import { previousRequestOf } from '../../bot/conversation/lastRequest';
import { resolveAndDecide } from '../../bot/conversation/messagePipeline';
import { parseContextOf } from '../../bot/conversation/tenantKnowledge';
import { SUBS } from '../../bot/demo/demoData';
import type { ParsedRequest } from '../../bot/nlu/intents';
import { parseRequest } from '../../bot/nlu/parseRequest';

/** Two messages of one conversation, read as the bot reads them: the second against what it remembers of the first. */
const knowledge = contosoKnowledge();
const context = parseContextOf(knowledge);
function chat(first: string, second: string): { parsed: ParsedRequest; intent: string; partnerId?: string; subscriptionIds: string[] } {
  const before = parseRequest(first, context);
  const previous = previousRequestOf(before, resolveAndDecide({ parsed: before, knowledge }));
  const parsed = parseRequest(second, previous ? { ...context, previous } : context);
  const { resolved, decision } = resolveAndDecide({ parsed, knowledge });
  return { parsed, intent: decision.kind === 'act' ? decision.intent : 'clarify', ...(resolved.partnerId ? { partnerId: resolved.partnerId } : {}), subscriptionIds: [...resolved.subscriptionIds].sort() };
}

describe('follow-ups, read against the last request', () => {
  it('"and … too" adds subscriptions to the request, keeping its partner', () => {
    for (const [first, second] of [
      ['add 1234567 to business premium', 'and on the e5 trial too'],
      ['lägg till 1234567 på business premium', 'och på e5-testet också'],
      ['ajoute 1234567 à business premium', "et sur l'essai e5 aussi"],
      ['voeg 1234567 toe aan business premium', 'en op de e5 trial ook'],
    ]) {
      const r = chat(first!, second!);
      expect(r).toMatchObject({ intent: 'add_partner', partnerId: '1234567', subscriptionIds: [SUBS.businessPremium, SUBS.e5Trial].sort() });
      expect(r.parsed.followUp).toBe('also');
    }
  });

  it('"no, Litware" and "actually make it 1234567" replace the partner; "I meant the trial" replaces the subscription', () => {
    expect(chat('change our partner to tailspin', 'no, litware')).toMatchObject({ intent: 'change_partner', partnerId: '1234567' });
    expect(chat('add fabrikam to business premium', 'actually make it 1234567')).toMatchObject({ intent: 'add_partner', partnerId: '1234567', subscriptionIds: [SUBS.businessPremium] });
    expect(chat('remove the partner from e3', 'sorry, I meant the trial')).toMatchObject({ intent: 'remove_partner', subscriptionIds: [SUBS.e5Trial] });
  });

  it('a bare slot fills the request; "yes, do it" and "why not?" repeat it', () => {
    expect(chat('add a partner to business premium', 'litware')).toMatchObject({ intent: 'add_partner', partnerId: '1234567', subscriptionIds: [SUBS.businessPremium] });
    expect(chat('remove the partner from e3', 'ja, kör')).toMatchObject({ intent: 'remove_partner', subscriptionIds: [SUBS.e3] });
    expect(chat('supprime notre revendeur', 'pourquoi pas ?').intent).toBe('remove_reseller');
    expect(chat('remove our reseller', 'but why?').intent).toBe('remove_reseller');
    expect(chat('ta bort vår återförsäljare', 'men varför?').intent).toBe('remove_reseller');
    expect(chat('wie zijn onze partners?', 'in het frans graag')).toMatchObject({ intent: 'view_partners' });
    expect(chat('wie zijn onze partners?', 'in het frans graag').parsed.switchLanguage).toBe('fr');
  });

  it('a request of its own is read on its own, whatever came before', () => {
    expect(chat('remove our reseller', 'ok just get me a person').intent).toBe('handoff');
    expect(chat('add 1234567 to business premium', 'wait, who are our partners right now?').intent).toBe('view_partners');
    expect(chat('ta bort vår återförsäljare', 'ta bort fabrikam från e3')).toMatchObject({ intent: 'remove_partner', subscriptionIds: [SUBS.e3] });
    expect(chat('remove the partner from e3', 'we want litware instead of fabrikam')).toMatchObject({ intent: 'change_partner', partnerId: '1234567' });
    expect(chat('add 1234567 to business premium', 'is litware still our partner?').intent).toBe('view_partners');
    // "thanks" after a request is politeness, not "do it again".
    expect(chat('remove the partner from e3', 'thanks!').parsed.followUp).toBeUndefined();
  });

  it('nothing is continued without a previous request', () => {
    const parsed = parseRequest('and on the e5 trial too', context);
    expect(parsed.followUp).toBeUndefined();
    expect(parsed.partnerId).toBeUndefined();
  });
});

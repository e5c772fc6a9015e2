import type { Language } from '../i18n/i18n';
import type { RankedIntent } from './intentModel';
import { INTENTS, type Intent, type ParseContext, type ParsedRequest, type PreviousRequest } from './intents';
import type { Concept } from './ruleIntent';
import { THANKS } from './lexicon';
import type { TextAnalysis } from './textAnalysis';

/**
 * Admins chat in several messages: "add 1234567 to Business Premium" and then "and on the trial too",
 * "no, Litware", "to Tailspin", "yes, do it", "actually make it 1234567", "sorry, I meant E5", "in
 * Swedish please", "and the reseller?". Such a message is read against the conversation's last request
 * (the pipeline passes it in; this module knows nothing of conversations): it keeps that request's
 * intent and takes from the new message only what it changes. A message with a request of its own
 * ("wait, who are our partners?", "ok just get me a person") is read on its own.
 */

/** How a follow-up relates to the request before it. */
export type FollowUpKind = NonNullable<ParsedRequest['followUp']>;

/** "and …", "och …", "et …", "en …" (first word only: "en" is also Swedish "a" and French "in"). */
const AND = new Set('and also plus och samt et en'.split(' '));
/** "… too", "… också", "… aussi", "… ook", "… med" (among the last two words). */
const TOO = new Set('too also well ocksa aven med likasa aussi egalement ook eveneens'.split(' '));
/** "no", "actually", "sorry, I meant", "nej", "förresten", "non", "en fait", "nee", "toch". */
const INSTEAD = new Set('no nope nah actually sorry instead rather meant mean nej forresten forlat ursakta istallet menade egentligen hellre non pardon plutot voulais nee sorry toch bedoelde liever eigenlijk'.split(' '));
/** "yes", "do it", "go ahead", "ja", "kör", "oui", "vas-y", "ja doe maar". */
const CONFIRM = new Set('yes yep yeah yup ok okay sure go ahead do it ja japp jo kor gor det oui ouais vas y allez accord doe maar prima akkoord graag'.split(' '));
/** Politeness around a confirmation ("ja tack", "oui merci"); never a confirmation alone ("thanks!"). */
const POLITE = new Set([...THANKS, ...'you please snalla plait vous te je alstublieft aub'.split(' ')]);
/** "why not?", "but why?", "varför inte?", "men varför?", "pourquoi pas ?", "waarom niet?": asks the last answer's reason again. */
const WHY = new Set('why varfor pourquoi waarom'.split(' '));
const BUT = new Set('but men mais maar'.split(' '));
const asksWhy = (rest: readonly string[]): boolean => WHY.has(rest[0]!) || (BUT.has(rest[0]!) && WHY.has(rest[1] ?? ''));
/** Concepts that make a message a request of its own. */
const OWN_REQUEST: readonly Concept[] = ['view', 'remove', 'change', 'add', 'purchase', 'handoffStrong', 'help', 'define', 'concern', 'hypothetical', 'otherObject', 'adminObject', 'notWanted'];
/** A follow-up is short: the cue and a name, an ID, a subscription or a language. */
const MAX_WORDS = 9;
/** A bare slot read this surely as another request on its own is that request. */
const OWN_SURE = 0.6;
/** How sure the bot is of a follow-up's intent: the request it continues was already understood. */
const FOLLOW_UP_SCORE = 0.9;

export function isFollowUp(a: TextAnalysis, own: ParsedRequest, previous: PreviousRequest | undefined): previous is PreviousRequest {
  if (!previous || a.rest.length > MAX_WORDS) return false;
  // "in Swedish please": the language words are taken out of `rest`. A look is shown again in the
  // new language; a form or a confirmation is not opened a second time for it.
  if (a.rest.length === 0) return a.switched !== undefined && previous.intent === 'view_partners';
  if (!fitsSlots(a, previous)) return false;
  const first = a.rest[0]!;
  // A confirmation is only confirmation words: "ok, just get me a person" asks for something else.
  const confirms = CONFIRM.has(first) && (a.rest.every((w) => CONFIRM.has(w) || POLITE.has(w)) || hasSlot(a));
  if (asksWhy(a.rest) && a.rest.length <= 3) return true;
  // "sorry, I meant …", "förlåt, jag menade …": the correction comes first; later ("we want Litware
  // instead of Fabrikam") it is part of a request of its own.
  const instead = a.rest.slice(0, 3).some((w) => INSTEAD.has(w));
  // "… too" and not a question: "wat was een MPN-ID ook alweer?" asks something of its own.
  const cue = confirms || instead || AND.has(first) || (!a.asks && a.rest.slice(-2).some((w) => TOO.has(w)));
  const verbs = OWN_REQUEST.filter((c) => a.concepts.has(c) && !(c === 'add' && a.rest.length <= 4));
  // A new partner set against an old one is a whole change request, whatever came before.
  if (a.names.some((n) => n.replaced)) return false;
  // A whole request of another kind ("please make Adatum our partner on the E5 trial") stands alone.
  const sure = own.ranked[0]!;
  const otherRequest = sure.score >= OWN_SURE && sure.intent !== previous.intent && sure.intent !== 'unknown';
  const partner = a.ids.length > 0 || a.names.length > 0;
  if (otherRequest && partner && a.subscriptionIds.length > 0) return false;
  if (!cue) {
    // A bare slot fills the request: a partner ("litware", "to tailspin") or subscriptions ("on the
    // trial"), not both ("litware on E3 please" is a request of its own), and not a question of its
    // own ("is Litware still our partner?"), unless the request was a look.
    // After a look, a bare ID is read on its own (an add, as always), not as "look at 1234567".
    const oneSlot = !(partner && a.subscriptionIds.length > 0) && !(previous.intent === 'view_partners' && a.ids.length > 0);
    const asking = a.asks && previous.intent !== 'view_partners';
    return hasSlot(a) && oneSlot && !asking && a.rest.length <= 5 && verbs.length === 0 && !otherRequest;
  }
  // "and the reseller?" after "who are our partners?" still asks to look; any other own verb starts anew.
  if (previous.intent === 'view_partners') return verbs.every((c) => c === 'view');
  return verbs.length === 0 || (verbs.length === 1 && verbs[0] === previous.intent.split('_')[0]);
}

/**
 * Whether what the message names can belong to the previous request: the reseller relationship takes
 * no advisor, no Partner ID and no subscription ("remove Fabrikam from E3" after "remove our reseller"
 * is a request of its own).
 */
function fitsSlots(a: TextAnalysis, previous: PreviousRequest): boolean {
  if (previous.intent !== 'remove_reseller') return true;
  return a.ids.length === 0 && a.subscriptionIds.length === 0 && a.names.every((n) => n.known?.kind === 'reseller');
}

const ownVerb = (a: TextAnalysis): boolean => OWN_REQUEST.some((c) => a.concepts.has(c) && !(c === 'add' && a.rest.length <= 4));

const hasSlot = (a: TextAnalysis): boolean => a.ids.length > 0 || a.names.length > 0 || a.subscriptionIds.length > 0 || a.switched !== undefined;

function kindOf(a: TextAnalysis): FollowUpKind {
  if (a.rest.slice(0, 3).some((w) => INSTEAD.has(w))) return 'instead';
  if (AND.has(a.rest[0]!) || a.rest.slice(-2).some((w) => TOO.has(w))) return 'also';
  if ((CONFIRM.has(a.rest[0]!) || asksWhy(a.rest)) && a.ids.length === 0 && a.names.length === 0 && a.subscriptionIds.length === 0) return 'confirm';
  return 'fill';
}

/**
 * The parse of a follow-up, completed from the previous request: its intent, and its partner and
 * subscriptions unless the follow-up gives new ones ("also" adds subscriptions; "instead" and a bare
 * slot replace).
 */
export function continueRequest(a: TextAnalysis, parsed: ParsedRequest, previous: PreviousRequest, context: ParseContext): ParsedRequest {
  const kind = kindOf(a);
  const intent: Intent = previous.intent;
  const ranked: RankedIntent[] = [{ intent, score: FOLLOW_UP_SCORE }, ...INTENTS.filter((i) => i !== intent).map((i) => ({ intent: i, score: 0 }))];
  const out: ParsedRequest = { ...parsed, intent, confidence: FOLLOW_UP_SCORE, ranked, followUp: kind };
  // The partner: the follow-up's (an ID, or a company named), else the previous request's.
  const givesId = parsed.partnerId !== undefined;
  const givesName = parsed.partnerNames.length > 0;
  if (!givesId && !givesName) {
    if (previous.partnerId !== undefined) out.partnerId = previous.partnerId;
    if (previous.partnerName !== undefined) {
      const known = context.partners.find((p) => p.name === previous.partnerName);
      out.partnerNames = [{ name: previous.partnerName, ...(known ? { known } : {}), target: true }];
    }
  } else if (givesName && !givesId) {
    delete out.partnerId;
  }
  // The subscriptions: added to ("and on the trial too"), or replacing ("I meant the trial"), or kept.
  // A verb of its own ("put Litware on the trial too") restates the request for the new ones only.
  if (parsed.subscriptionIds.length === 0) out.subscriptionIds = previous.subscriptionIds;
  else if (kind === 'also' && !ownVerb(a)) out.subscriptionIds = [...new Set([...previous.subscriptionIds, ...parsed.subscriptionIds])];
  const language: Language | undefined = parsed.language ?? previous.language;
  if (language !== undefined) out.language = language;
  return out;
}

import type { ParseContext, ParsedRequest, RequestParser } from './intents';
import { IntentModel } from './intentModel';
import { AROUND_THANKS, THANKS } from './lexicon';
import { featuresOf } from './features';
import { continueRequest, isFollowUp } from './followUp';
import { choosePartnerId } from './partnerId';
import { analyse } from './textAnalysis';

/**
 * The request parser for free text in English, Swedish, French and Dutch. Deterministic extractors
 * (textAnalysis.ts) find the Partner IDs, subscriptions, partners named, language and negation; a
 * classifier trained on the labelled corpus (bot/nlu/corpus, `npm run nlu:train`) decides the intent
 * from those and the words, and says how sure it is.
 */
export function createParser(model: IntentModel): RequestParser {
  return (text, context) => parseWith(model, text, context);
}

function parseWith(model: IntentModel, text: string, context: ParseContext): ParsedRequest {
  const a = analyse(text, context);
  const ranked = model.rank(featuresOf(a));
  const partnerId = choosePartnerId(a.ids);
  const parsed: ParsedRequest = {
    intent: ranked[0]!.intent,
    confidence: ranked[0]!.score,
    ranked,
    otherPartnerIds: [...new Set(a.ids.map((c) => c.digits).filter((d) => d !== partnerId))],
    partnerNames: a.names,
    subscriptionIds: a.subscriptionIds,
  };
  if (partnerId !== undefined) {
    parsed.partnerId = partnerId;
    const known = context.partners.find((p) => p.partnerId === partnerId);
    if (known) parsed.partnerIdKind = known.kind;
  }
  if (a.language !== undefined) parsed.language = a.language;
  if (a.switched) parsed.switchLanguage = a.switched.language;
  if (onlyThanks(a.rest)) parsed.thanks = true;
  return isFollowUp(a, parsed, context.previous) ? continueRequest(a, parsed, context.previous, context) : parsed;
}

/** The parser with the committed model (bot/nlu/model/intentModel.json), read once at start-up. */
export const parseRequest: RequestParser = createParser(IntentModel.load());

/** A message of thanks words and the words around them alone, with one thanks word at least, only thanks. */
const onlyThanks = (words: readonly string[]): boolean => words.some((w) => THANKS.has(w)) && words.every((w) => THANKS.has(w) || AROUND_THANKS.has(w));

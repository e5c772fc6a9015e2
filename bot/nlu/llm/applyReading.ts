import type { ParseContext, ParsedRequest } from '../intents';
import type { ModelReading } from './languageModelReader';

/**
 * The parse with the model's reading in place of the classifier's: the model's intent first with its
 * confidence, the classifier's other intents after it sharing the rest in their proportions (so the
 * "Did you mean…?" choices still come from both), and the model's partner names, new Partner ID and
 * subscriptions. The decision thresholds then apply to this as to any parse. The language the text is
 * in, a language switch the parser found and the follow-up kind stay the parser's.
 */
export function withReading(parsed: ParsedRequest, reading: ModelReading, context: ParseContext): ParsedRequest {
  const rest = parsed.ranked.filter((r) => r.intent !== reading.intent);
  const restTotal = rest.reduce((sum, r) => sum + r.score, 0);
  const ranked = [
    { intent: reading.intent, score: reading.confidence },
    ...rest.map((r) => ({ intent: r.intent, score: restTotal > 0 ? ((1 - reading.confidence) * r.score) / restTotal : 0 })),
  ].sort((a, b) => b.score - a.score);
  const ids = [parsed.partnerId, ...parsed.otherPartnerIds].filter((id): id is string => id !== undefined);
  const partnerId = reading.partnerId ?? parsed.partnerId;
  const merged: ParsedRequest = {
    intent: ranked[0]!.intent,
    confidence: ranked[0]!.score,
    ranked,
    otherPartnerIds: ids.filter((id) => id !== partnerId),
    partnerNames: reading.partnerNames,
    subscriptionIds: reading.subscriptionIds,
  };
  // "Add Erik to the Partners team": the model says it is about something else, so what the message
  // names is not a partner's or a subscription's request (the help card, not a question back).
  if (reading.intent === 'unknown' && ranked[0]!.intent === 'unknown') {
    merged.partnerNames = [];
    merged.subscriptionIds = [];
    return withParserFields(merged, parsed, reading);
  }
  if (partnerId !== undefined) {
    merged.partnerId = partnerId;
    const known = context.partners.find((p) => p.partnerId === partnerId);
    if (known) merged.partnerIdKind = known.kind;
  }
  return withParserFields(merged, parsed, reading);
}

function withParserFields(merged: ParsedRequest, parsed: ParsedRequest, reading: ModelReading): ParsedRequest {
  if (parsed.language !== undefined) merged.language = parsed.language;
  const switchLanguage = parsed.switchLanguage ?? reading.switchLanguage;
  if (switchLanguage !== undefined) merged.switchLanguage = switchLanguage;
  if (parsed.followUp !== undefined) merged.followUp = parsed.followUp;
  return merged;
}

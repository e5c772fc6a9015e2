import type { ParsedRequest, SubscriptionCatalogEntry } from './intents';

/**
 * Minimal English parser; the multilingual one replaces it (issue "Understands and answers admins in
 * English, Swedish, French and Dutch").
 */
export function parseRequest(text: string, catalog: SubscriptionCatalogEntry[]): ParsedRequest {
  const clean = text.replace(/<[^>]*>/g, ' ').toLowerCase();
  const digits = clean.match(/\b\d(?:[\d ]{3,14}\d)\b/);
  const partnerId = digits ? digits[0].replace(/\s/g, '') : undefined;
  const subscriptionIds = /\ball\b/.test(clean)
    ? catalog.map((c) => c.id)
    : catalog.filter((c) => nameTokens(c.name).some((t) => clean.includes(t))).map((c) => c.id);
  const intent = /\breseller\b/.test(clean) && /\bremove|delete|end\b/.test(clean)
    ? 'remove_reseller'
    : /\b(remove|delete)\b/.test(clean)
      ? 'remove_partner'
      : /\b(change|replace|switch)\b/.test(clean)
        ? 'change_partner'
        : /\b(buy|purchase|checkout)\b/.test(clean)
          ? 'add_at_purchase'
          : /\badd\b/.test(clean) || partnerId
            ? 'add_partner'
            : /\b(who|show|list|view|partners?)\b/.test(clean)
              ? 'view_partners'
              : /\b(help|hi|hello|start)\b/.test(clean)
                ? 'help'
                : /\b(human|person|agent|helpdesk)\b/.test(clean)
                  ? 'handoff'
                  : 'unknown';
  return { intent, partnerId, subscriptionIds, language: 'en' };
}

function nameTokens(name: string): string[] {
  const lower = name.toLowerCase();
  const tokens = [lower];
  const plan = lower.match(/\b(e[1-5]|f[13])\b/);
  if (plan) tokens.push(plan[0]);
  const words = lower.replace(/^(microsoft 365|office 365|microsoft)\s+/, '').replace(/\s*\(.*\)$/, '');
  if (words !== lower) tokens.push(words);
  return tokens;
}

import { choosePartnerId, findPartnerIds } from '../nlu/partnerId';
import { fold, plainText } from '../nlu/normalize';

/**
 * Commands for partners and for a conversation held by the helpdesk, in en/sv/fr/nl. Checked before
 * the admin request parser: they are short, fixed phrases, and "register partner 1234567" must not
 * read as "add partner 1234567".
 */
export type CollaborationCommand =
  | { kind: 'registerPartner'; partnerId?: string }
  | { kind: 'sendOffer'; tenantId?: string; trial: boolean }
  | { kind: 'endHandoff' };

const REGISTER = / (?:register|registrera|enregistrer|inscrire|registreer|registreren|aanmelden)(?: \w+){0,3} (?:partner|partenaire|partnern|partners)\b| (?:register|registrera|registreer) (?:as|som|als) partner/;
const OFFER = / (?:send|skicka|envoyer|envoie|envoyez|stuur|verstuur|sturen)(?: \w+){0,2} (?:offer|offers|erbjudande|erbjudandet|offre|aanbod|aanbieding)\b/;
const TRIAL = / (?:trial|provperiod|provversion|prova|essai|proefversie|proef|proefperiode)\b/;
const END = / (?:end (?:the )?chat|stop (?:the )?chat|back to (?:the )?bot|avsluta chatten|tillbaka till boten|terminer la (?:conversation|discussion)|retour au bot|revenir au bot|gesprek beeindigen|beeindig het gesprek|terug naar de bot)\b/;
const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,13}\b/i;

export function parseCollaborationCommand(text: string): CollaborationCommand | undefined {
  const lower = plainText(text);
  const line = ` ${fold(lower).replace(/[^\p{L}\p{N}-]+/gu, ' ').trim()} `;
  if (END.test(line)) return { kind: 'endHandoff' };
  if (OFFER.test(line)) {
    const tenantId = GUID.exec(lower)?.[0]?.toLowerCase();
    return { kind: 'sendOffer', tenantId, trial: TRIAL.test(line) };
  }
  if (REGISTER.test(line)) {
    const partnerId = choosePartnerId(findPartnerIds(lower));
    return { kind: 'registerPartner', ...(partnerId ? { partnerId } : {}) };
  }
  return undefined;
}

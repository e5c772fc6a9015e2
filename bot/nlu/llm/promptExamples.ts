import type { Intent } from '../intents';
import type { ModelAnswer } from './modelReading';

/**
 * A few labelled messages from the training corpus (bot/nlu/corpus), shown to the model with their
 * answers. Chosen so their intent does not depend on a tenant's state (no "set X on S", whose add or
 * change depends on whether S has a partner), across the nine intents and the four languages. A test
 * checks that each is still a corpus line with the same intent.
 */
export interface PromptExample {
  text: string;
  intent: Intent;
  partners?: ModelAnswer['partners'];
  newPartnerId?: string;
}

export const PROMPT_EXAMPLES: readonly PromptExample[] = [
  { text: 'which company has ID 4391507', intent: 'view_partners' },
  { text: 'geef per abonnement de partner of record, alle abonnementen graag', intent: 'view_partners' },
  { text: 'Proseware are our new advisors as of this month. MPN ID 3141592, please add them.', intent: 'add_partner', partners: [{ name: 'Proseware', role: 'new' }], newPartnerId: '3141592' },
  { text: 'make Litware our partner, merci', intent: 'add_partner', partners: [{ name: 'Litware', role: 'new' }] },
  { text: 'hej, can you change who our partner is', intent: 'change_partner' },
  {
    text: 'Fabrikam has been our partner for years but the relationship has run its course. We want a new partner instead of Fabrikam, can you help with that?',
    intent: 'change_partner',
    partners: [{ name: 'Fabrikam', role: 'old' }],
  },
  { text: 'The MSP that looked after our E3 licences went bankrupt last month. Can you get them off?', intent: 'remove_partner' },
  { text: 'Le préavis est terminé et ils ne nous facturent plus rien. Retirez Fabrikam (4391507) svp.', intent: 'remove_partner', partners: [{ name: 'Fabrikam', role: 'old' }] },
  { text: 'Northwind nous facture beaucoup trop cher depuis le renouvellement. On arrête avec eux.', intent: 'remove_reseller', partners: [{ name: 'Northwind', role: 'old' }] },
  { text: 'est ce que je peux supprimer le revendeur moi meme', intent: 'remove_reseller' },
  { text: 'lagga till partner nar man koper ny licens', intent: 'add_at_purchase' },
  { text: 'Tailspin Consulting (765 4321) toevoegen bij de aankoop van Windows 365', intent: 'add_at_purchase', partners: [{ name: 'Tailspin Consulting', role: 'new' }], newPartnerId: '7654321' },
  { text: 'can you make changes on your own without me approving them', intent: 'help' },
  { text: "I've seen partner ID, MPN ID and PLA ID used in different emails. Are they the same thing?", intent: 'help' },
  { text: 'Ik zit de hele dag in de auto en kan niet goed typen. Kan iemand mij bellen hierover?', intent: 'handoff' },
  { text: 'je veux parler à quelqu\'un, mon portable est le 07 55 12 34 56', intent: 'handoff' },
  { text: 'change le mot de passe du compte de service du portail partenaire', intent: 'unknown' },
  { text: 'remove Peter from the admins group', intent: 'unknown' },
  { text: 'assign an E3 licence to the new partner manager', intent: 'unknown' },
];

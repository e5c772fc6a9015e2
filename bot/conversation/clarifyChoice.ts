import { z } from 'zod';
import { subscriptionIdsSchema } from '../flows/actionData';
import { openedByClick, type ActionHandler } from '../flows/router';
import { INTENTS } from '../nlu/intents';

/**
 * A button of the "Did you mean…?" card. Its data comes back from the client, so it is re-validated
 * here; the flow it starts checks the user's role and the tenant's subscriptions itself (the tenant
 * and user come from the activity, never from this data).
 */
const choiceSchema = z.object({
  intent: z.enum(INTENTS).exclude(['unknown']),
  partnerId: z
    .string()
    .max(20)
    .optional()
    .transform((v) => v?.replace(/[\s-]/g, '') || undefined)
    .pipe(z.string().regex(/^\d{4,12}$/).optional()),
  partnerName: z
    .string()
    .max(120)
    .optional()
    .transform((v) => v?.trim() || undefined),
  subscriptionIds: subscriptionIdsSchema,
});

export const clarifyChoice: ActionHandler = async (turn, data) => {
  const choice = choiceSchema.parse(data);
  turn.services.log.info({ intent: choice.intent, hasPartnerId: Boolean(choice.partnerId), subscriptions: choice.subscriptionIds.length }, 'clarification chosen');
  return openedByClick(turn, choice.intent, { partnerId: choice.partnerId, partnerName: choice.partnerName, subscriptionIds: choice.subscriptionIds });
};

import { z } from 'zod';
import { LANGUAGES, type Language } from '../../i18n/i18n';
import { INTENTS, type Intent, type SubscriptionCatalogEntry } from '../intents';

/**
 * What the model is asked to answer, twice over: a JSON schema for the endpoint's structured output
 * (strict: every field required, nothing else allowed), and the zod schema every answer is checked
 * against anyway, since not every endpoint enforces a schema and a model may still answer outside it.
 */

export const ROLES = ['new', 'old', 'asked_about'] as const;

/** The answer as the model gives it. */
export interface ModelAnswer {
  intent: Intent;
  confidence: number;
  partners: { name: string; role: (typeof ROLES)[number] }[];
  newPartnerId: string | null;
  subscriptions: string[];
  replyLanguage: Language | null;
}

/** The schema for one tenant: subscriptions are named from its own list. */
export function answerJsonSchema(catalog: readonly SubscriptionCatalogEntry[]): Record<string, unknown> {
  const names = [...new Set(catalog.map((s) => s.name))];
  return {
    type: 'object',
    additionalProperties: false,
    required: ['intent', 'confidence', 'partners', 'newPartnerId', 'subscriptions', 'replyLanguage'],
    properties: {
      intent: { type: 'string', enum: [...INTENTS] },
      confidence: { type: 'number', description: 'How sure you are of the intent, 0 to 1.' },
      partners: {
        type: 'array',
        description: 'Every company the message names as a partner, as written.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'role'],
          properties: { name: { type: 'string' }, role: { type: 'string', enum: [...ROLES] } },
        },
      },
      newPartnerId: { type: ['string', 'null'], description: 'The Partner ID written in the message that the admin wants set, digits only; null when none is written.' },
      subscriptions: { type: 'array', items: names.length > 0 ? { type: 'string', enum: names } : { type: 'string' } },
      replyLanguage: { type: ['string', 'null'], enum: [...LANGUAGES, null] },
    },
  };
}

const answerSchema = z
  .object({
    intent: z.enum(INTENTS),
    confidence: z.number().min(0).max(1),
    partners: z.array(z.object({ name: z.string().trim().min(1).max(120), role: z.enum(ROLES) }).strict()).max(10),
    newPartnerId: z.string().max(40).nullable(),
    subscriptions: z.array(z.string().max(200)).max(50),
    replyLanguage: z.enum(LANGUAGES).nullable(),
  })
  .strict();

/** The answer's JSON text checked against the schema; undefined when it is not JSON or not the schema. */
export function readAnswer(content: string): ModelAnswer | undefined {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return undefined;
  }
  const result = answerSchema.safeParse(value);
  return result.success ? result.data : undefined;
}

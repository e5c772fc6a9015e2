import { z } from 'zod';

/** Card submissions are untrusted: every field is re-validated here whatever the card allowed. */
const draftId = z.string().uuid();

/** Input.ChoiceSet multi-select sends "id1,id2"; some clients send an array. */
export const subscriptionIdsSchema = z
  .union([z.string().max(4000), z.array(z.string().max(100)).max(100)])
  .optional()
  .transform((v) => (Array.isArray(v) ? v : (v ?? '').split(',')).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(100)).max(100));

export const draftActionSchema = z.object({
  draftId,
  subscriptionIds: subscriptionIdsSchema,
  partnerId: z.string().max(200).optional(),
});

export const draftRefSchema = z.object({ draftId });

export type DraftActionData = z.infer<typeof draftActionSchema>;

/** "Show more subscriptions" on the partners card: the page to show (0 is the first). */
export const pageActionSchema = z.object({ page: z.coerce.number().int().min(0).max(10_000) });

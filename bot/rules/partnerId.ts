import { z } from 'zod';

/**
 * A Partner ID as an admin types it: digits only once spaces are removed (DOMAIN.md §2).
 * No checksum is documented, so only the shape is checked here; the billing service decides the rest.
 */
export const partnerIdSchema = z
  .string()
  .max(64)
  .transform((s) => s.replace(/[\s\u00a0]/g, ''))
  .pipe(z.string().regex(/^\d{1,15}$/));

export function normalizePartnerId(input: unknown): string | undefined {
  const r = partnerIdSchema.safeParse(input);
  return r.success ? r.data : undefined;
}

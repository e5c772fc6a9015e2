import { z } from 'zod';

const int = (def: number, min: number, max: number) => z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(min).max(max).default(def));
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Settings for partners, offers, the helpdesk handoff and the proactive outbox (documented in
 * .env.sample). A fragment of the bot's environment schema, merged into it like the backends one.
 * The helpdesk defaults are the team "My Team" of .m365agentsplayground.yml, whose
 * General channel has the team's id.
 */
export const collaborationConfigShape = {
  HELPDESK_ENABLED: bool.default(true),
  HELPDESK_TEAM_ID: z.string().min(1).max(200).default('19:contoso-my-team-general@thread.tacv2'),
  HELPDESK_CHANNEL_ID: z.string().min(1).max(200).default('19:contoso-my-team-general@thread.tacv2'),
  HELPDESK_TENANT_ID: z.string().min(1).max(100).default('00000000-0000-0000-0000-0000000000001'),
  /** How many of the latest messages (admin and bot) a ticket carries. */
  HANDOFF_TRANSCRIPT_SIZE: int(10, 1, 50),
  OFFER_TTL_HOURS: int(168, 1, 24 * 90),
  OUTBOX_RETRY_BASE_MS: int(1000, 1, 60_000),
  OUTBOX_RETRY_MAX_MS: int(60_000, 1, 3_600_000),
  OUTBOX_MAX_ATTEMPTS: int(8, 1, 50),
  OUTBOX_POLL_MS: int(5000, 10, 600_000),
  OUTBOX_LEASE_MS: int(120_000, 1000, 3_600_000),
};

const schema = z.object(collaborationConfigShape);
export type CollaborationConfig = z.infer<typeof schema>;

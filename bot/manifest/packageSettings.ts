import { z } from 'zod';

/**
 * Used for `id` and `bots[0].botId` when `MicrosoftAppId` is unset, so a package can be built and
 * validated on a developer machine. Not for upload: Teams routes messages by the bot's real app id,
 * so set `MicrosoftAppId` (the Azure Bot registration's app id) for any package you upload.
 */
export const PLACEHOLDER_APP_ID = '00000000-0000-4000-8000-00000000b07d';

const guid = z.string().regex(/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, 'must be a GUID');
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });

const schema = z.object({
  MicrosoftAppId: z.string().trim().pipe(guid).optional(),
  TEAMS_APP_ID: z.string().trim().pipe(guid).optional(),
  TEAMS_APP_VERSION: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, 'must be a version like 1.0.0 (Teams wants major.minor.patch)')
    .optional(),
  TEAMS_APP_DEVELOPER_NAME: z.string().trim().max(32, 'at most 32 characters').default('Contoso IT'),
  TEAMS_APP_WEBSITE_URL: httpsUrl.default('https://www.example.com/partner-of-record'),
  TEAMS_APP_PRIVACY_URL: httpsUrl.default('https://www.example.com/partner-of-record/privacy'),
  TEAMS_APP_TERMS_URL: httpsUrl.default('https://www.example.com/partner-of-record/terms'),
});

/** Values substituted into `manifest/manifest.json` (`${{NAME}}`), all validated. */
export interface PackageSettings {
  BOT_ID: string;
  TEAMS_APP_ID: string;
  TEAMS_APP_VERSION: string;
  DEVELOPER_NAME: string;
  WEBSITE_URL: string;
  PRIVACY_URL: string;
  TERMS_URL: string;
  /** True when MicrosoftAppId was unset and PLACEHOLDER_APP_ID stands in for it. */
  usesPlaceholderAppId: boolean;
}

/**
 * Reads the packaging settings from an environment once. Throws naming every bad key.
 * `defaultVersion` (package.json's version) is used when TEAMS_APP_VERSION is unset.
 */
export function readPackageSettings(env: NodeJS.ProcessEnv, defaultVersion: string): PackageSettings {
  // An empty line in .env (KEY=) means "use the default", as for an unset key.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid packaging settings:\n  ${lines.join('\n  ')}`);
  }
  const s = parsed.data;
  const botId = s.MicrosoftAppId ?? PLACEHOLDER_APP_ID;
  return {
    BOT_ID: botId,
    // A bot-only app commonly uses the bot's app id as the Teams app id too.
    TEAMS_APP_ID: s.TEAMS_APP_ID ?? botId,
    TEAMS_APP_VERSION: s.TEAMS_APP_VERSION ?? defaultVersion,
    DEVELOPER_NAME: s.TEAMS_APP_DEVELOPER_NAME,
    WEBSITE_URL: s.TEAMS_APP_WEBSITE_URL,
    PRIVACY_URL: s.TEAMS_APP_PRIVACY_URL,
    TERMS_URL: s.TEAMS_APP_TERMS_URL,
    usesPlaceholderAppId: s.MicrosoftAppId === undefined,
  };
}

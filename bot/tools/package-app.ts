/**
 * `npm run package`: validates the Teams app offline and writes dist/app-package.zip.
 * Settings come from the environment (and .env when present); see docs/teams-app.md.
 * Exits 1 listing every problem when anything is invalid.
 * Options: --manifest-dir <dir> (default manifest/), --out <file> (default dist/app-package.zip).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildAppPackage } from '../manifest/appPackage';
import { PLACEHOLDER_APP_ID, readPackageSettings } from '../manifest/packageSettings';
import { ROOT } from '../paths';

async function main(): Promise<number> {
  const { values: args } = parseArgs({
    options: { 'manifest-dir': { type: 'string' }, out: { type: 'string' } },
  });
  const manifestDir = resolve(args['manifest-dir'] ?? join(ROOT, 'manifest'));
  const outFile = resolve(args.out ?? join(ROOT, 'dist', 'app-package.zip'));
  const envFile = join(ROOT, '.env');
  // Variables already set win over .env (process.loadEnvFile does not overwrite them).
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const settings = readPackageSettings(process.env, pkg.version);
  if (settings.usesPlaceholderAppId) {
    console.warn(
      `MicrosoftAppId is not set: using the placeholder app id ${PLACEHOLDER_APP_ID} (fine for local checks; ` +
        'set MicrosoftAppId to your bot\'s app id before uploading the package to Teams).',
    );
  }
  const result = await buildAppPackage({ manifestDir, outFile, settings });
  if (result.errors.length > 0) {
    console.error(`Teams app package is invalid (${result.errors.length} error${result.errors.length === 1 ? '' : 's'}):`);
    for (const e of result.errors) console.error(`  - ${e}`);
    return 1;
  }
  console.log(`Validated and wrote ${outFile} (app id ${settings.TEAMS_APP_ID}, bot id ${settings.BOT_ID}, version ${settings.TEAMS_APP_VERSION}):`);
  for (const f of result.files) console.log(`  ${f}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);

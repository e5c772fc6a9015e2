import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { ZipFile } from 'yazl';
import { checkIcon, ICON_RULES } from './iconChecks';
import { checkLocalizationCoverage } from './localizationCoverage';
import type { PackageSettings } from './packageSettings';
import { substitute } from './template';
import { schemaUrl, validateAgainstTeamsSchema } from './teamsSchemas';

export interface BuildOptions {
  /** Folder holding manifest.json (a template), the icons and the localization files. */
  manifestDir: string;
  /** Where the zip goes; not written when validation fails. */
  outFile: string;
  settings: PackageSettings;
}

export interface BuildResult {
  /** Every problem found; empty means the package was written. */
  errors: string[];
  /** Names of the files in the zip, in order. */
  files: string[];
  /** The manifest after substitution (when it parsed). */
  manifest?: Record<string, unknown>;
}

interface ManifestShape {
  manifestVersion?: unknown;
  $schema?: unknown;
  icons?: { color?: unknown; outline?: unknown; color32x32?: unknown };
  localizationInfo?: {
    defaultLanguageTag?: unknown;
    defaultLanguageFile?: unknown;
    additionalLanguages?: { languageTag?: unknown; file?: unknown }[];
  };
}

/**
 * Builds the Teams app package: fills the manifest template from the settings, validates it offline
 * (Teams JSON schema, icon sizes and outline transparency, localization files against their schema
 * and against the manifest) and writes the zip only when there is no error at all.
 */
export async function buildAppPackage(options: BuildOptions): Promise<BuildResult> {
  const { manifestDir, settings } = options;
  const errors: string[] = [];
  const values: Record<string, string> = {
    BOT_ID: settings.BOT_ID,
    TEAMS_APP_ID: settings.TEAMS_APP_ID,
    TEAMS_APP_VERSION: settings.TEAMS_APP_VERSION,
    DEVELOPER_NAME: settings.DEVELOPER_NAME,
    WEBSITE_URL: settings.WEBSITE_URL,
    PRIVACY_URL: settings.PRIVACY_URL,
    TERMS_URL: settings.TERMS_URL,
  };

  const manifestPath = join(manifestDir, 'manifest.json');
  if (!existsSync(manifestPath)) return { errors: [`manifest.json: not found in ${manifestDir}`], files: [] };
  const filled = substitute(readFileSync(manifestPath, 'utf8'), values);
  for (const name of filled.unresolved) errors.push(`manifest.json: placeholder \${{${name}}} has no value`);
  let manifest: Record<string, unknown> & ManifestShape;
  try {
    manifest = JSON.parse(filled.text) as Record<string, unknown> & ManifestShape;
  } catch (err) {
    return { errors: [...errors, `manifest.json: not valid JSON (${(err as Error).message})`], files: [] };
  }

  const version = typeof manifest.manifestVersion === 'string' ? manifest.manifestVersion : '';
  try {
    const schemaErrors = validateAgainstTeamsSchema(manifest, 'MicrosoftTeams', version);
    errors.push(...schemaErrors.map((e) => `manifest.json: ${e}`));
  } catch (err) {
    errors.push(`manifest.json: ${(err as Error).message}`);
  }
  if (manifest.$schema !== undefined && manifest.$schema !== schemaUrl('MicrosoftTeams', version)) {
    errors.push(`manifest.json: $schema should be ${schemaUrl('MicrosoftTeams', version)} for manifestVersion ${version}`);
  }

  // Files the manifest points at; each goes into the zip under the same name.
  const files = new Map<string, Buffer>();
  const addFile = (field: string, name: unknown): Buffer | undefined => {
    if (typeof name !== 'string' || name === '') return undefined; // the schema already reported it
    const clean = normalize(name);
    if (isAbsolute(clean) || clean.startsWith('..')) {
      errors.push(`manifest.json: ${field} "${name}" must be a path inside the package`);
      return undefined;
    }
    const full = join(manifestDir, clean);
    if (!existsSync(full)) {
      errors.push(`manifest.json: ${field} "${name}" not found in ${manifestDir}`);
      return undefined;
    }
    const content = readFileSync(full);
    files.set(clean, content);
    return content;
  };

  for (const role of ['color', 'outline'] as const) {
    const name = manifest.icons?.[role];
    const png = addFile(`icons.${role}`, name);
    if (png) errors.push(...checkIcon(String(name), png, ICON_RULES[role]));
  }

  const info = manifest.localizationInfo;
  if (info?.defaultLanguageFile !== undefined) addFile('localizationInfo.defaultLanguageFile', info.defaultLanguageFile);
  const tags = new Set<string>();
  for (const [i, lang] of (info?.additionalLanguages ?? []).entries()) {
    const tag = String(lang.languageTag ?? '').toLowerCase();
    if (tags.has(tag) || tag === String(info?.defaultLanguageTag ?? '').toLowerCase()) {
      errors.push(`manifest.json: localizationInfo.additionalLanguages[${i}] repeats language ${tag}`);
    }
    tags.add(tag);
    const raw = addFile(`localizationInfo.additionalLanguages[${i}].file`, lang.file);
    if (raw) errors.push(...(await checkLocalizationFile(String(lang.file), raw, manifest, version, values)));
  }

  if (errors.length > 0) return { errors, files: [], manifest };

  const entries: [string, Buffer][] = [
    ['manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8')],
    ...[...files.entries()].map(([name, content]): [string, Buffer] => [name, substituteIfJson(name, content, values)]),
  ];
  await writeZip(options.outFile, entries);
  return { errors: [], files: entries.map(([name]) => name), manifest };
}

async function checkLocalizationFile(
  fileName: string,
  raw: Buffer,
  manifest: unknown,
  version: string,
  values: Record<string, string>,
): Promise<string[]> {
  const filled = substitute(raw.toString('utf8'), values);
  const errors = filled.unresolved.map((name) => `${fileName}: placeholder \${{${name}}} has no value`);
  let localization: Record<string, unknown>;
  try {
    localization = JSON.parse(filled.text) as Record<string, unknown>;
  } catch (err) {
    return [...errors, `${fileName}: not valid JSON (${(err as Error).message})`];
  }
  try {
    const schemaErrors = validateAgainstTeamsSchema(localization, 'MicrosoftTeams.Localization', version);
    errors.push(...schemaErrors.map((e) => `${fileName}: ${e}`));
  } catch (err) {
    errors.push(`${fileName}: ${(err as Error).message}`);
  }
  if (localization.$schema !== undefined && localization.$schema !== schemaUrl('MicrosoftTeams.Localization', version)) {
    errors.push(`${fileName}: $schema should be ${schemaUrl('MicrosoftTeams.Localization', version)}`);
  }
  errors.push(...checkLocalizationCoverage(fileName, manifest, localization));
  return errors;
}

/** Localization files may use the same placeholders as the manifest. */
function substituteIfJson(name: string, content: Buffer, values: Record<string, string>): Buffer {
  if (!name.endsWith('.json')) return content;
  return Buffer.from(substitute(content.toString('utf8'), values).text, 'utf8');
}

async function writeZip(outFile: string, entries: [string, Buffer][]): Promise<void> {
  await mkdir(dirname(outFile), { recursive: true });
  const zip = new ZipFile();
  // A fixed date keeps the zip byte-identical for identical inputs.
  const mtime = new Date('2020-01-01T00:00:00Z');
  for (const [name, content] of entries) zip.addBuffer(content, name.split('\\').join('/'), { mtime });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(outFile);
    out.on('close', () => resolve());
    out.on('error', reject);
    zip.outputStream.on('error', reject).pipe(out);
  });
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/**
 * The Teams JSON schemas bundled in @microsoft/app-manifest (v1.0–v1.30, devPreview), so validation
 * never goes online. The package's own AppManifestUtils.validateAgainstSchema is not imported: its
 * index loads an ESM-only dependency (strip-bom 5) that jest cannot require. The validation below is
 * the same: ajv (draft-04, or 2020-12 for schemas that say so), allErrors, uri/email/regex formats.
 */
const SCHEMA_ROOT = join(dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');

export type SchemaKind = 'MicrosoftTeams' | 'MicrosoftTeams.Localization';

/** The public URL Teams tools use for a schema (what `$schema` in the files should say). */
export function schemaUrl(kind: SchemaKind, manifestVersion: string): string {
  return `https://developer.microsoft.com/json-schemas/teams/v${manifestVersion}/${kind}.schema.json`;
}

function loadBundledSchema(kind: SchemaKind, manifestVersion: string): object {
  if (!/^(\d+\.\d+|DevPreview)$/.test(manifestVersion)) {
    throw new Error(`manifestVersion "${manifestVersion}" is not a Teams schema version`);
  }
  const file = join(SCHEMA_ROOT, `v${manifestVersion}`, `${kind}.schema.json`);
  if (!existsSync(file)) {
    throw new Error(`@microsoft/app-manifest does not bundle ${kind}.schema.json for v${manifestVersion}`);
  }
  const text = readFileSync(file, 'utf8')
    // Same clean-up AppManifestUtils.fetchSchema does: some schemas carry \a and \v, invalid in JSON.
    .replace(/\\a/g, '\\u0007')
    .replace(/\\v/g, '\\u000b')
    // The localization schemas (v1.8 and later) have a pattern with a lone "]" ("...\b]\.description")
    // that ajv rejects in its unicode regex mode. Escaping it keeps the meaning (a literal "]").
    .replace(/\\\\b\]/g, '\\\\b\\\\]');
  return JSON.parse(text) as object;
}

// Compiled validators, keyed by schema: derived from files that never change while the process runs.
const compiled = new Map<string, (doc: unknown) => string[]>();

function validatorFor(kind: SchemaKind, manifestVersion: string): (doc: unknown) => string[] {
  const key = `${kind}@${manifestVersion}`;
  let validator = compiled.get(key);
  if (!validator) {
    const schema = loadBundledSchema(kind, manifestVersion) as { $schema?: string };
    const ajv = schema.$schema?.includes('2020-12')
      ? new Ajv2020({ allErrors: true, strictTypes: false })
      : new AjvDraft04({ allErrors: true, strictTypes: false });
    addFormats(ajv, ['uri', 'email', 'regex']);
    const validate = ajv.compile(schema);
    validator = (doc) =>
      validate(doc)
        ? []
        : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}. Details: ${JSON.stringify(e.params)}`);
    compiled.set(key, validator);
  }
  return validator;
}

/**
 * Validates a JSON document against the bundled schema of that kind and version and returns every
 * error ("/path message. Details: {...}"), or [] when valid. Throws when no such schema is bundled.
 */
export function validateAgainstTeamsSchema(document: unknown, kind: SchemaKind, manifestVersion: string): string[] {
  return validatorFor(kind, manifestVersion)(document);
}

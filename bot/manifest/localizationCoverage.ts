/**
 * Checks a Teams localization file against the manifest it translates: every key must name a string
 * that exists in the manifest, and every string a user sees (name, description, bot commands) must be
 * translated, so no language silently falls back to English.
 */
export function checkLocalizationCoverage(fileName: string, manifest: unknown, localization: Record<string, unknown>): string[] {
  const errors: string[] = [];
  for (const key of Object.keys(localization)) {
    if (key === '$schema' || key === 'localizationKeys') continue;
    if (typeof readPath(manifest, key) !== 'string') {
      errors.push(`${fileName}: "${key}" does not name a string in manifest.json`);
    }
  }
  for (const key of localizableKeys(manifest)) {
    if (typeof localization[key] !== 'string' || (localization[key] as string).trim() === '') {
      errors.push(`${fileName}: missing translation for "${key}"`);
    }
  }
  return errors;
}

/** The manifest strings this app translates (those the Teams localization schema allows and we use). */
export function localizableKeys(manifest: unknown): string[] {
  const keys = ['name.short', 'name.full', 'description.short', 'description.full'].filter(
    (k) => typeof readPath(manifest, k) === 'string',
  );
  const lists = readPath(manifest, 'bots[0].commandLists');
  if (Array.isArray(lists)) {
    lists.forEach((list: { commands?: unknown[] }, i) => {
      (list.commands ?? []).forEach((_c, j) => {
        keys.push(`bots[0].commandLists[${i}].commands[${j}].title`, `bots[0].commandLists[${i}].commands[${j}].description`);
      });
    });
  }
  return keys;
}

/** Reads "a.b[0].c" from an object; undefined when any step is missing. */
export function readPath(root: unknown, path: string): unknown {
  const steps = path.match(/[^.[\]]+/g) ?? [];
  let node: unknown = root;
  for (const step of steps) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[step];
  }
  return node;
}

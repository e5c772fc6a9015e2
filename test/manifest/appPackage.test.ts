import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { buildAppPackage } from '../../bot/manifest/appPackage';
import { localizableKeys } from '../../bot/manifest/localizationCoverage';
import { PLACEHOLDER_APP_ID, readPackageSettings } from '../../bot/manifest/packageSettings';
import { ROOT } from '../../bot/paths';
import { readZip } from '../support/zip';

const run = promisify(execFile);
const MANIFEST_DIR = join(ROOT, 'manifest');
const APP_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const settings = readPackageSettings(
  { MicrosoftAppId: APP_ID, TEAMS_APP_PRIVACY_URL: 'https://contoso.example/privacy' },
  '2.3.4',
);

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'app-package-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** A copy of manifest/ that a test may break. */
function copyManifestDir(): string {
  const dir = join(work, 'manifest');
  cpSync(MANIFEST_DIR, dir, { recursive: true });
  return dir;
}

function editJson(file: string, edit: (json: Record<string, any>) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
  edit(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
}

function solidPng(width: number, height: number, rgba: [number, number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set(rgba, i * 4);
  return PNG.sync.write(png);
}

describe('Teams app package', () => {
  it('validates the committed manifest and zips exactly the manifest, icons and localization files', async () => {
    const outFile = join(work, 'app-package.zip');
    const result = await buildAppPackage({ manifestDir: MANIFEST_DIR, outFile, settings });

    expect(result.errors).toEqual([]);
    const zip = await readZip(outFile);
    expect([...zip.keys()].sort()).toEqual(
      ['color.png', 'fr-fr.json', 'manifest.json', 'nl-nl.json', 'outline.png', 'sv-se.json'].sort(),
    );
    const manifestText = zip.get('manifest.json')!.toString('utf8');
    expect(manifestText).not.toContain('${{');
    const manifest = JSON.parse(manifestText);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.version).toBe('2.3.4');
    expect(manifest.developer.privacyUrl).toBe('https://contoso.example/privacy');
    expect(manifest.bots[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.localizationInfo.additionalLanguages.map((l: { languageTag: string }) => l.languageTag)).toEqual([
      'sv-se',
      'fr-fr',
      'nl-nl',
    ]);
    expect(zip.get('outline.png')!.equals(readFileSync(join(MANIFEST_DIR, 'outline.png')))).toBe(true);
    expect(zip.get('color.png')!.equals(readFileSync(join(MANIFEST_DIR, 'color.png')))).toBe(true);
  });

  it('ships a translation, different from English, for every command in every language', async () => {
    const result = await buildAppPackage({ manifestDir: MANIFEST_DIR, outFile: join(work, 'p.zip'), settings });
    const zip = await readZip(join(work, 'p.zip'));
    const keys = localizableKeys(result.manifest);
    expect(keys).toContain('bots[0].commandLists[2].commands[7].title');
    for (const file of ['sv-se.json', 'fr-fr.json', 'nl-nl.json']) {
      const loc = JSON.parse(zip.get(file)!.toString('utf8'));
      expect(loc['bots[0].commandLists[0].commands[0].title']).not.toBe('show partners');
      expect(loc['description.short']).not.toBe((result.manifest as any).description.short);
      for (const key of keys) expect(typeof loc[key]).toBe('string');
    }
  });

  it('lists every schema error of a broken manifest and writes no zip', async () => {
    const dir = copyManifestDir();
    editJson(join(dir, 'manifest.json'), (m) => {
      m.accentColor = 'blue';
      delete m.developer.privacyUrl;
    });
    const outFile = join(work, 'broken.zip');
    const result = await buildAppPackage({ manifestDir: dir, outFile, settings });

    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^manifest\.json: \/accentColor must match pattern/),
        expect.stringMatching(/^manifest\.json: \/developer must have required property 'privacyUrl'/),
      ]),
    );
    expect(existsSync(outFile)).toBe(false);
  });

  it('fails `npm run package` with a non-zero exit naming both errors', async () => {
    const dir = copyManifestDir();
    editJson(join(dir, 'manifest.json'), (m) => {
      m.name.short = 'A name far too long for the Teams app bar';
      m.bots[0].scopes = ['personal', 'everywhere'];
    });
    const outFile = join(work, 'cli.zip');
    const failure = await run(
      process.execPath,
      [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'bot', 'tools', 'package-app.ts'), '--manifest-dir', dir, '--out', outFile],
      { cwd: ROOT, env: { ...process.env, MicrosoftAppId: APP_ID } },
    ).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );

    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/manifest\.json: \/name\/short must NOT have more than 30 characters/);
    expect(failure?.stderr).toMatch(/manifest\.json: \/bots\/0\/scopes\/1 must be equal to one of the allowed values/);
    expect(existsSync(outFile)).toBe(false);
  });

  it('rejects a wrong-size color icon and an outline icon that is not white on transparent', async () => {
    const dir = copyManifestDir();
    writeFileSync(join(dir, 'color.png'), solidPng(100, 100, [15, 108, 189, 255]));
    writeFileSync(join(dir, 'outline.png'), solidPng(32, 32, [15, 108, 189, 255]));
    const result = await buildAppPackage({ manifestDir: dir, outFile: join(work, 'icons.zip'), settings });

    expect(result.errors).toEqual(
      expect.arrayContaining([
        'color.png: color icon must be 192x192 pixels, is 100x100',
        expect.stringMatching(/^outline\.png: outline icon may only have white or fully transparent pixels; 1024 are neither/),
        'outline.png: outline icon background must be fully transparent (a corner pixel is not)',
      ]),
    );
  });

  it('rejects an outline icon with a white but opaque background', async () => {
    const dir = copyManifestDir();
    writeFileSync(join(dir, 'outline.png'), solidPng(32, 32, [255, 255, 255, 255]));
    const result = await buildAppPackage({ manifestDir: dir, outFile: join(work, 'white.zip'), settings });

    expect(result.errors).toEqual([
      'outline.png: outline icon background must be fully transparent (a corner pixel is not)',
      'outline.png: outline icon has no transparent pixels',
    ]);
  });

  it('checks localization files against the Teams localization schema and the manifest', async () => {
    const dir = copyManifestDir();
    editJson(join(dir, 'sv-se.json'), (loc) => {
      loc['name.short'] = 'Ett alldeles för långt namn för Teams';
      delete loc['bots[0].commandLists[1].commands[3].title'];
      loc['bots[0].commandLists[0].commands[9].title'] = 'finns inte';
    });
    const result = await buildAppPackage({ manifestDir: dir, outFile: join(work, 'loc.zip'), settings });

    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^sv-se\.json: \/name\.short must NOT have more than 30 characters/),
        'sv-se.json: missing translation for "bots[0].commandLists[1].commands[3].title"',
        'sv-se.json: "bots[0].commandLists[0].commands[9].title" does not name a string in manifest.json',
      ]),
    );
    expect(result.errors.every((e) => e.startsWith('sv-se.json: '))).toBe(true);
  });
});

describe('packaging settings', () => {
  it('falls back to the documented placeholder app id when MicrosoftAppId is unset', () => {
    const s = readPackageSettings({}, '0.1.0');
    expect(s).toMatchObject({ BOT_ID: PLACEHOLDER_APP_ID, TEAMS_APP_ID: PLACEHOLDER_APP_ID, usesPlaceholderAppId: true });
  });

  it('treats empty lines of .env (KEY=) as unset', () => {
    const s = readPackageSettings({ MicrosoftAppId: APP_ID, TEAMS_APP_ID: '', TEAMS_APP_VERSION: ' ', TEAMS_APP_WEBSITE_URL: '' }, '0.1.0');
    expect(s).toMatchObject({ TEAMS_APP_ID: APP_ID, TEAMS_APP_VERSION: '0.1.0', WEBSITE_URL: 'https://www.example.com/partner-of-record' });
  });

  it('fails naming each bad key', () => {
    expect(() =>
      readPackageSettings({ MicrosoftAppId: 'not-a-guid', TEAMS_APP_TERMS_URL: 'http://contoso.example/terms' }, '0.1.0'),
    ).toThrow(/MicrosoftAppId: must be a GUID[\s\S]*TEAMS_APP_TERMS_URL: must be an https:\/\/ URL/);
  });
});

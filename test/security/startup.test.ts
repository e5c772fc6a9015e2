import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../bot/config/config';

test('production mode without an app id is a configuration error naming MicrosoftAppId', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/MicrosoftAppId: required when NODE_ENV=production/);
  expect(loadConfig({ NODE_ENV: 'production', MicrosoftAppId: 'a1b2c3' }).MicrosoftAppId).toBe('a1b2c3');
  // Local and test runs may still go without authentication.
  expect(loadConfig({ NODE_ENV: 'development' }).MicrosoftAppId).toBe('');
});

test('the real process refuses to start in production without an app id', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'por-start-'));
  try {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', PORT: '0', DATA_DIR: dataDir };
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bot/main.ts'], { env, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('MicrosoftAppId');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('ALLOWED_TENANTS is a comma-separated list of tenant GUIDs; anything else names the key', () => {
  expect(loadConfig({ ALLOWED_TENANTS: ' 8A1B2C3D-0000-4000-8000-000000000001, 8a1b2c3d-0000-4000-8000-000000000002 ,' }).ALLOWED_TENANTS).toEqual([
    '8a1b2c3d-0000-4000-8000-000000000001',
    '8a1b2c3d-0000-4000-8000-000000000002',
  ]);
  expect(loadConfig({}).ALLOWED_TENANTS).toEqual([]);
  expect(() => loadConfig({ ALLOWED_TENANTS: 'contoso.com' })).toThrow(/ALLOWED_TENANTS/);
  expect(() => loadConfig({ BOT_OPENID_METADATA_URL: 'file:///etc/passwd' })).toThrow(/BOT_OPENID_METADATA_URL/);
});

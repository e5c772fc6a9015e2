import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../bot/config/config';

test('production mode without an app id is a configuration error naming MicrosoftAppId', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/MicrosoftAppId: required when NODE_ENV=production/);
  const tenant = '6d3b1f2a-7c4e-4f1a-9b2c-3d4e5f6a7b8c';
  expect(loadConfig({ NODE_ENV: 'production', MicrosoftAppId: 'a1b2c3', MicrosoftAppTenantId: tenant, MicrosoftAppPassword: 's' }).MicrosoftAppId).toBe('a1b2c3');
  expect(loadConfig({ NODE_ENV: 'production', MicrosoftAppId: 'a1b2c3', MicrosoftAppTenantId: tenant, MicrosoftAppType: 'UserAssignedMSI' }).MicrosoftAppType).toBe('UserAssignedMSI');
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

test('a MultiTenant registration still starts, with one warning line that says why it is deprecated', async () => {
  const { BotHarness } = require('../support/botHarness') as typeof import('../support/botHarness');
  const bot = await new BotHarness({ MicrosoftAppId: '7f1a5c2e-4b7d-4e8a-9c3f-1d2e3f4a5b6c', MicrosoftAppPassword: 'legacy-secret', MicrosoftAppType: 'MultiTenant' }, undefined, { captureLogs: true }).start();
  try {
    const warnings = bot.logs.map((l) => JSON.parse(l)).filter((l) => l.level === 40 && /MultiTenant/.test(l.msg));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(/deprecated: Azure has not created multi-tenant bots since 31 July 2025.*keeps working.*SingleTenant or UserAssignedMSI/);
    expect((await fetch(`${bot.server.url}/healthz`)).status).toBe(200);
  } finally {
    await bot.stop();
  }
});

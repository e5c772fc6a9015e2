import { ConfigError, configSchema, loadConfig } from '../../bot/config/config';

/** Configuration is read once and a bad value stops start-up with a message naming the key. */
function failure(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('expected the configuration to be refused');
}

test('the defaults run locally on the embedded backends with authentication off', () => {
  const config = loadConfig({});
  expect(config).toEqual(expect.objectContaining({ PORT: 3978, MicrosoftAppId: '', DIRECTORY_BACKEND: 'embedded', BILLING_BACKEND: 'embedded', DEFAULT_LANGUAGE: 'en', DEMO_SEED: true }));
});

test.each([
  [{ PORT: 'eighty' }, 'PORT'],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  [{ DEFAULT_LANGUAGE: 'de' }, 'DEFAULT_LANGUAGE'],
  [{ DEMO_SEED: 'maybe' }, 'DEMO_SEED'],
  [{ DIRECTORY_BACKEND: 'graph', GRAPH_CLIENT_ID: 'x' }, 'GRAPH_CLIENT_SECRET'],
  [{ BILLING_BACKEND: 'http' }, 'BILLING_BASE_URL'],
  [{ NODE_ENV: 'production' }, 'MicrosoftAppId'],
])('%j is refused naming %s', (env, key) => {
  expect(failure(env)).toContain(key);
});

test('every problem is listed at once', () => {
  const message = failure({ PORT: '-1', LOG_LEVEL: 'loud' });
  expect(message).toContain('PORT');
  expect(message).toContain('LOG_LEVEL');
});

test('.env.sample documents every setting the bot reads', () => {
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const { join } = require('node:path') as typeof import('node:path');
  const { ROOT } = require('../../bot/paths') as typeof import('../../bot/paths');
  // Unwrap the refinements down to the object schema to list its keys.
  let schema: any = configSchema;
  while (schema.def?.type !== 'object') schema = schema.def.in ?? schema.def.schema ?? schema.def.innerType;
  const documented = new Set([...readFileSync(join(ROOT, '.env.sample'), 'utf8').matchAll(/^([A-Za-z_]+)=/gm)].map((m) => m[1]));
  expect(Object.keys(schema.shape).filter((key) => !documented.has(key))).toEqual([]);
});

describe("the bot's identity: SingleTenant by default, each way's required keys named", () => {
  const TENANT = '6d3b1f2a-7c4e-4f1a-9b2c-3d4e5f6a7b8c';
  const { mkdtempSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
  const { tmpdir } = require('node:os') as typeof import('node:os');
  const { join } = require('node:path') as typeof import('node:path');
  const keyFile = join(mkdtempSync(join(tmpdir(), 'cfg-cert-')), 'key.pem');
  writeFileSync(keyFile, '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n');
  const THUMB = 'AB'.repeat(32);

  test('the default type is SingleTenant; with an app id it needs a tenant and a secret or a certificate', () => {
    expect(loadConfig({}).MicrosoftAppType).toBe('SingleTenant');
    expect(loadConfig({ MicrosoftAppId: 'app', MicrosoftAppTenantId: TENANT, MicrosoftAppPassword: 's' }).MicrosoftAppType).toBe('SingleTenant');
    expect(loadConfig({ MicrosoftAppId: 'app', MicrosoftAppTenantId: TENANT, CertificateThumbprint: `${THUMB.slice(0, 20)}:${THUMB.slice(20)}`.toLowerCase(), CertificatePrivateKeyFile: keyFile }).CertificateThumbprint).toBe(THUMB);
  });

  test.each([
    [{ MicrosoftAppId: 'app', MicrosoftAppPassword: 's' }, /MicrosoftAppTenantId: is required with MicrosoftAppType=SingleTenant/],
    [{ MicrosoftAppId: 'app', MicrosoftAppTenantId: 'contoso.com', MicrosoftAppPassword: 's' }, /MicrosoftAppTenantId: must be an Entra tenant id/],
    [{ MicrosoftAppId: 'app', MicrosoftAppTenantId: TENANT }, /MicrosoftAppPassword: SingleTenant needs a client secret .* or a certificate/],
    [{ MicrosoftAppId: 'app', MicrosoftAppTenantId: TENANT, MicrosoftAppPassword: 's', CertificateThumbprint: THUMB, CertificatePrivateKeyFile: keyFile }, /MicrosoftAppPassword: set either a client secret or a certificate, not both/],
    [{ MicrosoftAppId: 'app', MicrosoftAppTenantId: TENANT, CertificateThumbprint: THUMB }, /CertificatePrivateKeyFile: is required with CertificateThumbprint/],
    [{ MicrosoftAppId: 'app', MicrosoftAppTenantId: TENANT, CertificatePrivateKeyFile: keyFile }, /CertificateThumbprint: is required with CertificatePrivateKeyFile/],
    [{ MicrosoftAppId: 'app', MicrosoftAppTenantId: TENANT, CertificateThumbprint: 'xyz', CertificatePrivateKeyFile: keyFile }, /CertificateThumbprint: must be the certificate thumbprint in hex/],
    [{ MicrosoftAppId: 'app', MicrosoftAppTenantId: TENANT, CertificateThumbprint: THUMB, CertificatePrivateKeyFile: '/nowhere/key.pem' }, /CertificatePrivateKeyFile: no such file/],
    [{ MicrosoftAppId: 'app', MicrosoftAppType: 'UserAssignedMSI' }, /MicrosoftAppTenantId: is required with MicrosoftAppType=UserAssignedMSI/],
    [{ MicrosoftAppId: 'app', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT, MicrosoftAppPassword: 's' }, /MicrosoftAppPassword: must be empty with UserAssignedMSI/],
    [{ GRAPH_AUTH: 'managedIdentity', DIRECTORY_BACKEND: 'graph' }, /GRAPH_AUTH: GRAPH_AUTH=managedIdentity uses the bot's managed identity/],
    [{ GRAPH_AUTH: 'managedIdentity', GRAPH_CLIENT_SECRET: 'x', MicrosoftAppId: 'app', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT }, /GRAPH_CLIENT_SECRET: must be empty with GRAPH_AUTH=managedIdentity/],
    [{ BILLING_AUTH: 'entra', BILLING_SCOPE: 'api://billing' }, /BILLING_AUTH: BILLING_AUTH=entra uses the bot's own identity/],
    [{ BILLING_AUTH: 'entra', MicrosoftAppId: 'app', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT }, /BILLING_SCOPE: BILLING_SCOPE is required when BILLING_AUTH=entra/],
    [{ STORE_BACKEND: 'blob', BLOB_AUTH: 'managedIdentity' }, /^(?=[\s\S]*BLOB_ACCOUNT_URL: BLOB_ACCOUNT_URL is required when BLOB_AUTH=managedIdentity)(?=[\s\S]*BLOB_AUTH: BLOB_AUTH=managedIdentity uses the bot's managed identity)/],
    [{ STORE_BACKEND: 'blob', BLOB_AUTH: 'managedIdentity', BLOB_ACCOUNT_URL: 'http://acct.blob.core.windows.net', MicrosoftAppId: 'app', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT }, /BLOB_ACCOUNT_URL: must be https/],
  ])('%j is refused: %s', (env, message) => {
    expect(failure(env as Record<string, string>)).toMatch(message);
  });

  test('a complete managed-identity deployment validates with no secret anywhere', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      MicrosoftAppId: 'app',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: TENANT,
      DIRECTORY_BACKEND: 'graph',
      GRAPH_AUTH: 'managedIdentity',
      BILLING_BACKEND: 'http',
      BILLING_BASE_URL: 'https://billing.contoso.example',
      BILLING_AUTH: 'entra',
      BILLING_SCOPE: 'api://partner-billing',
      STORE_BACKEND: 'blob',
      BLOB_AUTH: 'managedIdentity',
      BLOB_ACCOUNT_URL: 'https://contosopartnerbot.blob.core.windows.net',
    });
    expect([c.MicrosoftAppPassword, c.GRAPH_CLIENT_SECRET, c.BILLING_API_KEY, c.BLOB_CONNECTION_STRING].filter(Boolean)).toEqual([]);
  });
});

describe('a language model (NLU_LLM)', () => {
  const TENANT = '6d3b1f2a-7c4e-4f1a-9b2c-3d4e5f6a7b8c';

  test('off by default, and nothing else is asked for', () => {
    expect(loadConfig({}).NLU_LLM).toBe('off');
  });

  test('on, it names the endpoint, the model and the key it misses', () => {
    const message = failure({ NLU_LLM: 'unsure' });
    for (const key of ['LLM_BASE_URL', 'LLM_MODEL', 'LLM_API_KEY']) expect(message).toContain(key);
  });

  test.each([
    [{ NLU_LLM: 'sometimes' }, 'NLU_LLM'],
    [{ NLU_LLM: 'unsure', LLM_BASE_URL: 'ftp://models', LLM_MODEL: 'm', LLM_AUTH: 'none' }, 'LLM_BASE_URL'],
    [{ NLU_LLM: 'unsure', LLM_BASE_URL: 'https://x.openai.azure.com/openai/v1', LLM_MODEL: 'm', LLM_AUTH: 'managedIdentity' }, 'LLM_AUTH'],
    [{ NLU_LLM: 'unsure', LLM_BASE_URL: 'https://x.openai.azure.com/openai/v1', LLM_MODEL: 'm', LLM_AUTH: 'none', LLM_API_KEY: 'k' }, 'LLM_API_KEY'],
    [{ NLU_LLM: 'always', LLM_BASE_URL: 'http://127.0.0.1:11434/v1', LLM_MODEL: 'm', LLM_AUTH: 'none', LLM_TIMEOUT_MS: '60000' }, 'LLM_TIMEOUT_MS'],
  ])('%j is refused naming %s', (env, key) => {
    expect(failure(env)).toContain(key);
  });

  test("Azure OpenAI with the bot's managed identity validates with no key", () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      MicrosoftAppId: 'app',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: TENANT,
      NLU_LLM: 'unsure',
      LLM_BASE_URL: 'https://contoso-openai.openai.azure.com/openai/v1',
      LLM_MODEL: 'gpt-4.1-mini',
      LLM_AUTH: 'managedIdentity',
    });
    expect(c).toEqual(expect.objectContaining({ LLM_SCOPE: 'https://cognitiveservices.azure.com/.default', LLM_TIMEOUT_MS: 4000 }));
    expect(c.LLM_API_KEY).toBeUndefined();
  });
});

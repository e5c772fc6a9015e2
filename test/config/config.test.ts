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

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { configSchema, loadConfig } from '../../bot/config/config';
import { ROOT } from '../../bot/paths';

/**
 * infra/ and m365agents.yml, checked offline (no Bicep compiler or Azure here): every app setting the
 * template gives the web app is one the bot knows and, filled in as Azure would, is a valid configuration;
 * parameters, module inputs, outputs and the toolkit's ${{VARIABLES}} all line up.
 */
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const bicep = read('infra/azure.bicep');
const botBicep = read('infra/botRegistration/azurebot.bicep');

function appSettings(): Map<string, string> {
  const block = /appSettings: \[([\s\S]*?)\n {6}\]/.exec(bicep)?.[1] ?? '';
  return new Map([...block.matchAll(/\{ name: '([^']+)', value: (.+?) \}$/gm)].map((m) => [m[1]!, m[2]!]));
}
const params = (text: string) => new Map([...text.matchAll(/^param (\w+) \w+( = .+)?$/gm)].map((m) => [m[1]!, m[2] !== undefined]));
const configKeys = (): Set<string> => {
  let schema: any = configSchema;
  while (schema.def?.type !== 'object') schema = schema.def.in ?? schema.def.schema ?? schema.def.innerType;
  return new Set(Object.keys(schema.shape));
};

/** What Azure puts in for the template's expressions, for a sample deployment. */
const RESOLVED: Record<string, (billing: 'embedded' | 'http') => string> = {
  "identity.properties.clientId": () => '8b2c7a10-4d3e-4f5a-9b6c-7d8e9f0a1b2c',
  "identity.properties.tenantId": () => '6d3b1f2a-7c4e-4f1a-9b2c-3d4e5f6a7b8c',
  "empty(allowedTenants) ? identity.properties.tenantId : allowedTenants": () => '6d3b1f2a-7c4e-4f1a-9b2c-3d4e5f6a7b8c',
  "storage.properties.primaryEndpoints.blob": () => 'https://porbotdevst.blob.core.windows.net/',
  blobContainerName: () => 'partner-bot',
  "billingBackend == 'embedded' ? 'true' : 'false'": (b) => String(b === 'embedded'),
  directoryBackend: () => 'graph',
  billingBackend: (b) => b,
  billingBaseUrl: (b) => (b === 'http' ? 'https://billing.contoso.example' : ''),
  "billingBackend == 'http' ? 'entra' : 'apiKey'": (b) => (b === 'http' ? 'entra' : 'apiKey'),
  billingScope: (b) => (b === 'http' ? 'api://partner-billing' : ''),
  "empty(helpdeskChannelId) ? 'false' : 'true'": () => 'true',
  helpdeskTeamId: () => '19:abc@thread.tacv2',
  helpdeskChannelId: () => '19:abc@thread.tacv2',
  'appInsights.properties.ConnectionString': () => 'InstrumentationKey=8b2c7a10-4d3e-4f5a-9b6c-7d8e9f0a1b2c;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/',
  webAppName: () => 'porbotdev',
  // The http sample also turns the optional language model on (Azure OpenAI with the identity).
  nluLlm: (b) => (b === 'http' ? 'unsure' : 'off'),
  llmBaseUrl: (b) => (b === 'http' ? 'https://contoso-openai.openai.azure.com/openai/v1' : ''),
  llmModel: (b) => (b === 'http' ? 'gpt-4.1-mini' : ''),
};

test('every app setting is an App Service platform setting or one the bot reads (.env.sample documents those)', () => {
  const known = configKeys();
  const unknown = [...appSettings().keys()].filter((k) => !known.has(k) && !/^(WEBSITES?|SCM)_/.test(k));
  expect(unknown).toEqual([]);
  expect(appSettings().size).toBeGreaterThan(15);
});

test.each(['embedded', 'http'] as const)('the app settings, filled in as Azure would (billing %s), are a valid production configuration with no secret', (billing) => {
  const env: Record<string, string> = {};
  for (const [name, value] of appSettings()) {
    if (/^(WEBSITES?|SCM)_/.test(name)) continue;
    const literal = /^'(.*)'$/.exec(value);
    const resolve = RESOLVED[value];
    if (!literal && !resolve) throw new Error(`no sample value for ${name} = ${value}: add one to RESOLVED`);
    env[name] = literal ? literal[1]! : resolve!(billing);
  }
  const config = loadConfig(env);
  expect(config).toEqual(expect.objectContaining({ NODE_ENV: 'production', MicrosoftAppType: 'UserAssignedMSI', STORE_BACKEND: 'blob', BLOB_AUTH: 'managedIdentity', GRAPH_AUTH: 'managedIdentity', HOST: '0.0.0.0', APPLICATIONINSIGHTS_AUTH: 'managedIdentity' }));
  // The host's kill delay is longer than the bot's own grace.
  expect(Number(appSettings().get('WEBSITES_CONTAINER_STOP_TIME_LIMIT')!.replace(/'/g, '')) * 1000).toBeGreaterThan(config.SHUTDOWN_GRACE_MS);
  expect([config.MicrosoftAppPassword, config.GRAPH_CLIENT_SECRET, config.BILLING_API_KEY, config.BLOB_CONNECTION_STRING, config.CertificatePrivateKeyFile, config.LLM_API_KEY].filter(Boolean)).toEqual([]);
  if (billing === 'http') expect(config).toEqual(expect.objectContaining({ BILLING_AUTH: 'entra', BILLING_SCOPE: 'api://partner-billing', NLU_LLM: 'unsure', LLM_AUTH: 'managedIdentity' }));
  else expect(config.NLU_LLM).toBe('off');
});

test('the parameter file parses and gives exactly parameters the template declares, including every one without a default', () => {
  const file = JSON.parse(read('infra/azure.parameters.json'));
  const declared = params(bicep);
  const given = Object.keys(file.parameters);
  expect(given.filter((p) => !declared.has(p))).toEqual([]);
  expect([...declared].filter(([name, hasDefault]) => !hasDefault && !given.includes(name))).toEqual([]);
});

test('the Azure Bot uses the managed identity (UserAssignedMSI) and has the Teams channel; the module gets every input it declares', () => {
  expect(botBicep).toMatch(/msaAppType: 'UserAssignedMSI'/);
  expect(botBicep).toMatch(/msaAppMSIResourceId: identityResourceId/);
  expect(botBicep).toMatch(/channelName: 'MsTeamsChannel'/);
  expect(botBicep).toMatch(/endpoint: 'https:\/\/\$\{botAppDomain\}\/api\/messages'/);
  const passed = new Set([.../module azureBotRegistration[\s\S]*?params: \{([\s\S]*?)\n {2}\}/.exec(bicep)![1]!.matchAll(/^\s+(\w+):/gm)].map((m) => m[1]!));
  const required = [...params(botBicep)].filter(([, hasDefault]) => !hasDefault).map(([name]) => name);
  expect(required.filter((p) => !passed.has(p))).toEqual([]);
  expect([...passed].filter((p) => !params(botBicep).has(p))).toEqual([]);
});

test('the web app runs Node.js 22 on Linux over HTTPS only, with the identity attached and a health check the bot answers', () => {
  expect(bicep).toMatch(/linuxFxVersion: 'NODE\|22-lts'/);
  expect(bicep).toMatch(/httpsOnly: true/);
  expect(bicep).toMatch(/userAssignedIdentities: \{ '\$\{identity\.id\}': \{\} \}/);
  expect(bicep).toMatch(/allowSharedKeyAccess: false/);
  expect(bicep).toMatch(/principalId: identity\.properties\.principalId/);
  const health = /healthCheckPath: '([^']+)'/.exec(bicep)?.[1];
  expect(health).toBe('/readyz');
  expect(read('bot/server/server.ts')).toContain(`server.get('${health}'`);
});

test('m365agents.yml parses, has provision, deploy and publish, names files that exist, and uses only variables that env/.env.dev declares or a step writes', () => {
  const text = read('m365agents.yml');
  const project = parseYaml(text);
  expect(Object.keys(project)).toEqual(expect.arrayContaining(['version', 'provision', 'deploy', 'publish']));
  const steps = [...project.provision, ...project.deploy, ...project.publish];
  for (const t of project.provision.find((s: any) => s.uses === 'arm/deploy').with.templates) {
    expect(existsSync(join(ROOT, t.path))).toBe(true);
    expect(existsSync(join(ROOT, t.parameters))).toBe(true);
  }
  const declared = new Set([...read('env/.env.dev').matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]!));
  const written = new Set([...steps.flatMap((s: any) => Object.values(s.writeToEnvironmentFile ?? {})), ...[...bicep.matchAll(/^output (\w+) /gm)].map((m) => m[1]!)]);
  const used = new Set([...`${text}\n${read('infra/azure.parameters.json')}`.matchAll(/\$\{\{([A-Z_]+)\}\}/g)].map((m) => m[1]!));
  expect([...used].filter((v) => !declared.has(v) && !written.has(v))).toEqual([]);
  // Outputs the deploy step needs are really produced by the template.
  expect(written.has('BOT_AZURE_APP_SERVICE_RESOURCE_ID') && written.has('BOT_ID')).toBe(true);
  expect(project.deploy.find((s: any) => s.uses === 'azureAppService/zipDeploy').with.artifactFolder).toBe('./dist/deploy');
});

import { readFileSync } from 'node:fs';
import type { BillingService } from '../billing/billingService';
import { EmbeddedBillingService } from '../billing/embeddedBillingService';
import type { DemoData } from '../demo/demoData';
import type { DirectoryService } from '../directory/directoryService';
import { EmbeddedDirectoryService } from '../directory/embeddedDirectoryService';
import { clientProof, defaultScope, type BotIdentity } from '../identity/botIdentity';
import type { IdentityConfig } from '../identity/identityConfig';
import type { Store } from '../storage/store';
import type { BackendsConfig } from './backendsConfig';

export interface BackendDeps {
  /** The durable store the embedded backends keep their data in. */
  store: Store;
  /** Seeds the embedded backends (first start only; later starts keep what changed). */
  demoData?: DemoData;
  /** Told about retries of remote calls (for logs; carries no secrets). */
  onRetry?: (info: { backend: 'graph' | 'billing'; attempt: number; reason: string; delayMs: number }) => void;
  /** The bot's own identity, for GRAPH_AUTH=managedIdentity and BILLING_AUTH=entra. */
  identity?: BotIdentity;
  /** Adds the W3C trace context of the call in progress to an outgoing request's headers (telemetry on). */
  traceHeaders?: (headers: Record<string, string>) => void;
}

/** The backend settings, and the bot identity's settings that GRAPH_AUTH=certificate reads. */
export type BackendSettings = BackendsConfig & Partial<IdentityConfig>;

export interface Backends {
  directory: DirectoryService;
  billing: BillingService;
}

/** Builds the directory and billing services the validated settings ask for. */
export async function createBackends(config: BackendSettings, deps: BackendDeps): Promise<Backends> {
  return { directory: await createDirectory(config, deps), billing: await createBilling(config, deps) };
}

async function createDirectory(config: BackendSettings, deps: BackendDeps): Promise<DirectoryService> {
  if (config.DIRECTORY_BACKEND === 'embedded') {
    const embedded = new EmbeddedDirectoryService(deps.store);
    if (deps.demoData) await embedded.seed(deps.demoData);
    return embedded;
  }
  // Loaded only when selected (MSAL and the Graph client slow every start-up otherwise).
  const { graphEndpoints } = require('../directory/graph/graphClouds') as typeof import('../directory/graph/graphClouds');
  const { GraphDirectoryService } = require('../directory/graph/graphDirectoryService') as typeof import('../directory/graph/graphDirectoryService');
  const { HomeTenantTokenProvider, MsalTokenProvider } = require('../directory/graph/tokenProvider') as typeof import('../directory/graph/tokenProvider');
  const { loginUrl, graphUrl } = graphEndpoints(config.GRAPH_CLOUD, { loginUrl: config.GRAPH_LOGIN_URL, graphUrl: config.GRAPH_BASE_URL });
  let clientId: string;
  let tokens: import('../directory/graph/tokenProvider').GraphTokenProvider;
  if (config.GRAPH_AUTH === 'managedIdentity') {
    // The schema's refinements guarantee the identity; checked again so a hand-built config fails clearly.
    const identity = requiredIdentity(deps, 'GRAPH_AUTH=managedIdentity');
    clientId = identity.appId;
    tokens = new HomeTenantTokenProvider({ credential: identity.credential, tenantId: identity.tenantId, graphUrl });
  } else {
    clientId = required(config.GRAPH_CLIENT_ID ?? (config.GRAPH_AUTH === 'certificate' ? config.MicrosoftAppId : undefined), 'GRAPH_CLIENT_ID');
    const proof = config.GRAPH_AUTH === 'certificate' ? clientProof(config as IdentityConfig) : { secret: required(config.GRAPH_CLIENT_SECRET, 'GRAPH_CLIENT_SECRET') };
    tokens = new MsalTokenProvider({
      clientId,
      proof,
      loginUrl,
      graphUrl,
      timeoutMs: config.GRAPH_TIMEOUT_MS,
      ca: config.GRAPH_EXTRA_CA_FILE ? readFileSync(config.GRAPH_EXTRA_CA_FILE, 'utf8') : undefined,
    });
  }
  return new GraphDirectoryService({
    graphUrl,
    loginUrl,
    clientId,
    tokens,
    roleCacheSeconds: config.GRAPH_ROLE_CACHE_SECONDS,
    roleCacheSize: config.GRAPH_ROLE_CACHE_SIZE,
    retry: { maxAttempts: config.GRAPH_MAX_ATTEMPTS, baseDelayMs: 250, maxDelayMs: 4000, timeoutMs: config.GRAPH_TIMEOUT_MS },
    onRetry: deps.onRetry && ((i) => deps.onRetry?.({ backend: 'graph', ...i })),
  });
}

async function createBilling(config: BackendSettings, deps: BackendDeps): Promise<BillingService> {
  if (config.BILLING_BACKEND === 'embedded') {
    const embedded = new EmbeddedBillingService(deps.store);
    if (deps.demoData) await embedded.seed(deps.demoData);
    return embedded;
  }
  const { HttpBillingService } = require('../billing/http/httpBillingService') as typeof import('../billing/http/httpBillingService');
  let bearerToken: (() => Promise<string>) | undefined;
  if (config.BILLING_AUTH === 'entra') {
    const identity = requiredIdentity(deps, 'BILLING_AUTH=entra');
    const scope = defaultScope(required(config.BILLING_SCOPE, 'BILLING_SCOPE'));
    bearerToken = async () => {
      const token = await identity.credential.getToken(scope);
      if (!token?.token) throw new Error(`No token for ${scope}`);
      return token.token;
    };
  }
  return new HttpBillingService({
    baseUrl: required(config.BILLING_BASE_URL, 'BILLING_BASE_URL'),
    apiKey: config.BILLING_AUTH === 'apiKey' ? config.BILLING_API_KEY : undefined,
    bearerToken,
    traceHeaders: deps.traceHeaders,
    timeoutMs: config.BILLING_TIMEOUT_MS,
    retry: { maxAttempts: config.BILLING_MAX_ATTEMPTS, baseDelayMs: 200, maxDelayMs: 2000 },
    onRetry: deps.onRetry && ((i) => deps.onRetry?.({ backend: 'billing', attempt: i.attempt, reason: i.reason, delayMs: i.delayMs })),
  });
}

function requiredIdentity(deps: BackendDeps, why: string): BotIdentity {
  if (!deps.identity) throw new Error(`${why} needs the bot's own identity (MicrosoftAppId with MicrosoftAppType=SingleTenant or UserAssignedMSI)`);
  return deps.identity;
}

function required(value: string | undefined, key: string): string {
  if (!value) throw new Error(`${key} is required for the selected backend`);
  return value;
}

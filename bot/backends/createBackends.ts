import { readFileSync } from 'node:fs';
import type { BillingService } from '../billing/billingService';
import { EmbeddedBillingService } from '../billing/embeddedBillingService';
import type { DemoData } from '../demo/demoData';
import type { DirectoryService } from '../directory/directoryService';
import { EmbeddedDirectoryService } from '../directory/embeddedDirectoryService';
import type { Store } from '../storage/store';
import type { BackendsConfig } from './backendsConfig';

export interface BackendDeps {
  /** The durable store the embedded backends keep their data in. */
  store: Store;
  /** Seeds the embedded backends (first start only; later starts keep what changed). */
  demoData?: DemoData;
  /** Told about retries of remote calls (for logs; carries no secrets). */
  onRetry?: (info: { backend: 'graph' | 'billing'; attempt: number; reason: string; delayMs: number }) => void;
}

export interface Backends {
  directory: DirectoryService;
  billing: BillingService;
}

/** Builds the directory and billing services the validated settings ask for. */
export async function createBackends(config: BackendsConfig, deps: BackendDeps): Promise<Backends> {
  return { directory: await createDirectory(config, deps), billing: await createBilling(config, deps) };
}

async function createDirectory(config: BackendsConfig, deps: BackendDeps): Promise<DirectoryService> {
  if (config.DIRECTORY_BACKEND === 'embedded') {
    const embedded = new EmbeddedDirectoryService(deps.store);
    if (deps.demoData) await embedded.seed(deps.demoData);
    return embedded;
  }
  // Loaded only when selected (MSAL and the Graph client slow every start-up otherwise).
  const { graphEndpoints } = require('../directory/graph/graphClouds') as typeof import('../directory/graph/graphClouds');
  const { GraphDirectoryService } = require('../directory/graph/graphDirectoryService') as typeof import('../directory/graph/graphDirectoryService');
  const { MsalTokenProvider } = require('../directory/graph/tokenProvider') as typeof import('../directory/graph/tokenProvider');
  // The schema's refinement guarantees both for 'graph'; checked again so a hand-built config fails clearly.
  const clientId = required(config.GRAPH_CLIENT_ID, 'GRAPH_CLIENT_ID');
  const clientSecret = required(config.GRAPH_CLIENT_SECRET, 'GRAPH_CLIENT_SECRET');
  const { loginUrl, graphUrl } = graphEndpoints(config.GRAPH_CLOUD, { loginUrl: config.GRAPH_LOGIN_URL, graphUrl: config.GRAPH_BASE_URL });
  return new GraphDirectoryService({
    graphUrl,
    loginUrl,
    clientId,
    tokens: new MsalTokenProvider({
      clientId,
      clientSecret,
      loginUrl,
      graphUrl,
      timeoutMs: config.GRAPH_TIMEOUT_MS,
      ca: config.GRAPH_EXTRA_CA_FILE ? readFileSync(config.GRAPH_EXTRA_CA_FILE, 'utf8') : undefined,
    }),
    roleCacheSeconds: config.GRAPH_ROLE_CACHE_SECONDS,
    roleCacheSize: config.GRAPH_ROLE_CACHE_SIZE,
    retry: { maxAttempts: config.GRAPH_MAX_ATTEMPTS, baseDelayMs: 250, maxDelayMs: 4000, timeoutMs: config.GRAPH_TIMEOUT_MS },
    onRetry: deps.onRetry && ((i) => deps.onRetry?.({ backend: 'graph', ...i })),
  });
}

async function createBilling(config: BackendsConfig, deps: BackendDeps): Promise<BillingService> {
  if (config.BILLING_BACKEND === 'embedded') {
    const embedded = new EmbeddedBillingService(deps.store);
    if (deps.demoData) await embedded.seed(deps.demoData);
    return embedded;
  }
  const { HttpBillingService } = require('../billing/http/httpBillingService') as typeof import('../billing/http/httpBillingService');
  return new HttpBillingService({
    baseUrl: required(config.BILLING_BASE_URL, 'BILLING_BASE_URL'),
    apiKey: config.BILLING_API_KEY,
    timeoutMs: config.BILLING_TIMEOUT_MS,
    retry: { maxAttempts: config.BILLING_MAX_ATTEMPTS, baseDelayMs: 200, maxDelayMs: 2000 },
    onRetry: deps.onRetry && ((i) => deps.onRetry?.({ backend: 'billing', attempt: i.attempt, reason: i.reason, delayMs: i.delayMs })),
  });
}

function required(value: string | undefined, key: string): string {
  if (!value) throw new Error(`${key} is required for the selected backend`);
  return value;
}

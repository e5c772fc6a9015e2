import { Client, GraphError, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import { DomainError } from '../../domain/errors';
import type { DirectoryRole } from '../../domain/types';
import type { DirectoryOrganization, DirectoryService, DirectorySubscription } from '../directoryService';
import { adminConsentUrl } from './graphClouds';
import { RetryTimeoutMiddleware, type RetryTimeoutOptions } from './retryTimeoutMiddleware';
import type { GraphTokenProvider } from './tokenProvider';
import { TtlLruCache } from './ttlLruCache';

/** Directory role template IDs (the same in every tenant and cloud). */
export const ROLE_TEMPLATE_IDS: Record<string, DirectoryRole> = {
  '62e90394-69f5-4237-9190-012177145e10': 'GlobalAdministrator',
  'b0f54661-2d74-4c50-afa3-1ec803f12efe': 'BillingAdministrator',
  'f2ef992c-3afb-46b9-b7cf-a126ee74c451': 'GlobalReader',
};

export interface GraphDirectoryOptions {
  graphUrl: string;
  loginUrl: string;
  clientId: string;
  tokens: GraphTokenProvider;
  /** How long a user's roles are reused: a role change takes effect within this time. 0 disables. */
  roleCacheSeconds: number;
  roleCacheSize: number;
  retry: Omit<RetryTimeoutOptions, 'onRetry'>;
  onRetry?: RetryTimeoutOptions['onRetry'];
  /** Safety net for paging: stop after this many pages. */
  maxPages?: number;
}

interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

/**
 * The directory port on Microsoft Graph, app-only, per customer tenant.
 * Roles: GET /users/{id}/transitiveMemberOf/microsoft.graph.directoryRole (roles held through
 * role-assignable groups count too), compared by roleTemplateId.
 */
export class GraphDirectoryService implements DirectoryService {
  private readonly client: Client;
  private readonly roles: TtlLruCache<string, DirectoryRole[]>;
  private readonly graphOrigin: string;

  constructor(private readonly options: GraphDirectoryOptions) {
    this.client = Client.initWithMiddleware({
      baseUrl: options.graphUrl + '/',
      defaultVersion: 'v1.0',
      middleware: [new RetryTimeoutMiddleware({ ...options.retry, onRetry: options.onRetry }), new HTTPMessageHandler()],
    });
    this.roles = new TtlLruCache(options.roleCacheSize, options.roleCacheSeconds * 1000);
    this.graphOrigin = new URL(options.graphUrl).origin;
  }

  async getUserRoles(tenantId: string, userId: string): Promise<DirectoryRole[]> {
    const key = `${tenantId}/${userId}`;
    const cached = this.roles.get(key);
    if (cached) return cached;
    let items: Array<{ roleTemplateId?: string | null }>;
    try {
      items = await this.getAll(tenantId, `/users/${encodeURIComponent(userId)}/transitiveMemberOf/microsoft.graph.directoryRole?$select=id,roleTemplateId`);
    } catch (e) {
      // A user Graph does not know (e.g. from another tenant) holds no role here.
      if (e instanceof DomainError && e.code === 'not_found') {
        this.roles.set(key, []);
        return [];
      }
      throw e;
    }
    const roles = [...new Set(items.map((r) => (r.roleTemplateId ? ROLE_TEMPLATE_IDS[r.roleTemplateId] : undefined)).filter((r): r is DirectoryRole => !!r))];
    this.roles.set(key, roles);
    return roles;
  }

  async listSubscriptions(tenantId: string): Promise<DirectorySubscription[]> {
    const items = await this.getAll<GraphCompanySubscription>(tenantId, '/directory/subscriptions');
    return items.map((s) => ({
      id: s.id,
      commerceSubscriptionId: s.commerceSubscriptionId ?? undefined,
      skuId: s.skuId ?? undefined,
      skuPartNumber: s.skuPartNumber ?? '',
      status: s.status,
      isTrial: s.isTrial === true,
      totalLicenses: s.totalLicenses ?? 0,
      ownerTenantId: s.ownerTenantId ?? undefined,
    }));
  }

  async getOrganization(tenantId: string): Promise<DirectoryOrganization> {
    const items = await this.getAll<{ id: string; displayName?: string | null }>(tenantId, '/organization?$select=id,displayName');
    const org = items[0];
    if (!org) throw new DomainError('directory_unavailable', 'Graph returned no organization', { tenantId });
    return { tenantId: org.id, displayName: org.displayName ?? '' };
  }

  /** Every page of a collection, following @odata.nextLink on the same Graph host only (it carries our token). */
  private async getAll<T>(tenantId: string, path: string): Promise<T[]> {
    const token = await this.options.tokens.getToken(tenantId);
    const out: T[] = [];
    let next: string | undefined = path;
    for (let page = 0; next; page++) {
      if (page >= (this.options.maxPages ?? 50)) throw new DomainError('directory_unavailable', 'Too many pages from Graph', { tenantId, path });
      const relative = this.relativePath(next);
      if (relative === undefined) throw new DomainError('directory_unavailable', 'Graph paging link points elsewhere', { tenantId });
      let body: Page<T>;
      try {
        body = (await this.client
          .api(relative)
          .header('Authorization', `Bearer ${token}`)
          // Advanced query header: the docs ask for it with OData casts; harmless elsewhere.
          .header('ConsistencyLevel', 'eventual')
          .get()) as Page<T>;
      } catch (e) {
        throw this.mapError(e, tenantId);
      }
      out.push(...(body.value ?? []));
      next = body['@odata.nextLink'];
    }
    return out;
  }

  /** A nextLink is absolute; the client wants a path under /v1.0 of our own Graph host. */
  private relativePath(link: string): string | undefined {
    if (!/^https?:/i.test(link)) return link;
    const prefix = `${this.graphOrigin}${new URL(this.options.graphUrl + '/').pathname}v1.0/`;
    return link.startsWith(prefix) ? '/' + link.slice(prefix.length) : undefined;
  }

  private mapError(e: unknown, tenantId: string): DomainError {
    if (e instanceof DomainError) return e;
    if (e instanceof GraphError) {
      const status = e.statusCode;
      if (status === 403 && e.code === 'Authorization_RequestDenied') {
        return new DomainError('directory_consent_required', 'The bot app lacks Graph permissions in this tenant', {
          tenantId,
          consentUrl: adminConsentUrl(this.options.loginUrl, tenantId, this.options.clientId),
        });
      }
      if (status === 404) return new DomainError('not_found', 'Not found in the directory', { tenantId, graphCode: e.code ?? undefined });
      const retryAfter = e.headers?.get('retry-after') ?? undefined;
      const timedOut = e.code === 'TimeoutError' || e.code === 'AbortError';
      return new DomainError('directory_unavailable', timedOut ? 'Microsoft Graph did not answer in time' : 'Microsoft Graph request failed', {
        tenantId,
        status: status > 0 ? status : undefined,
        graphCode: e.code ?? undefined,
        retryAfterSeconds: retryAfter,
      });
    }
    return new DomainError('directory_unavailable', 'Microsoft Graph request failed', { tenantId, reason: e instanceof Error ? e.name : 'unknown' });
  }
}

interface GraphCompanySubscription {
  id: string;
  commerceSubscriptionId?: string | null;
  skuId?: string | null;
  skuPartNumber?: string | null;
  status: DirectorySubscription['status'];
  isTrial?: boolean | null;
  totalLicenses?: number | null;
  ownerTenantId?: string | null;
}

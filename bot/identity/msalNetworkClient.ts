import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

export interface MsalNetworkOptions {
  /** Per request; MSAL's own default client has none. */
  timeoutMs: number;
  /** Extra trusted CA certificates (PEM), e.g. a TLS-inspecting proxy's, or a test authority's. */
  ca?: string | string[];
}

/**
 * MSAL's HTTP client, on node:http(s): adds a per-request timeout and optional extra CAs.
 * MSAL itself decides what to send and how to read the answer.
 */
export class MsalNetworkClient implements INetworkModule {
  constructor(private readonly options: MsalNetworkOptions) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private send<T>(method: 'GET' | 'POST', url: string, options: NetworkRequestOptions = {}, timeout?: number): Promise<NetworkResponse<T>> {
    const target = new URL(url);
    const body = options.body ?? '';
    const headers: Record<string, string | number> = { ...(options.headers ?? {}) };
    if (method === 'POST') headers['content-length'] = Buffer.byteLength(body);
    const timeoutMs = Math.min(timeout ?? this.options.timeoutMs, this.options.timeoutMs);
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;

    return new Promise<NetworkResponse<T>>((resolve, reject) => {
      const req = request(target, { method, headers, ca: this.options.ca, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : {};
          } catch {
            // MSAL reads error fields from the body; a non-JSON answer (proxy page) becomes an empty one.
            parsed = {};
          }
          const flat: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ headers: flat, body: parsed as T, status: res.statusCode ?? 0 });
        });
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error(`Token request timed out after ${timeoutMs} ms`), { name: 'TimeoutError' })));
      req.on('error', reject);
      if (method === 'POST') req.write(body);
      req.end();
    });
  }
}

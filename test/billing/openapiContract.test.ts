import SwaggerParser from '@apidevtools/swagger-parser';
import { join } from 'node:path';
import { billingErrorCodes, statusByCode, transportErrorCodes } from '../../bot/billing/http/billingContract';
import { serverRouteTemplates } from '../../bot/billing/http/billingServer';
import { ROOT } from '../../bot/paths';

const SPEC = join(ROOT, 'docs', 'billing.openapi.yaml');

describe('published billing contract (docs/billing.openapi.yaml)', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let api: any;
  beforeAll(async () => {
    api = await SwaggerParser.validate(SPEC);
  });

  it('is a valid OpenAPI 3 document', () => {
    expect(api.openapi).toMatch(/^3\./);
  });

  it('has exactly the routes the server serves', () => {
    const documented = Object.entries(api.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m)).map((m) => `${m} ${path}`))
      .sort();
    expect(documented).toEqual(serverRouteTemplates().map(([m, p]) => `${m} ${p}`).sort());
  });

  it('lists every error code the server can answer with', () => {
    expect([...api.components.schemas.ErrorCode.enum].sort()).toEqual([...billingErrorCodes, ...transportErrorCodes].sort());
  });

  it('documents each domain error under the status the server uses for it', () => {
    const put = api.paths['/v1/tenants/{tenantId}/subscriptions/{subscriptionId}/partner-of-record'].put.responses;
    for (const code of billingErrorCodes) {
      const status = String(statusByCode[code]);
      const response = put[status] ?? put.default;
      const text = `${response.description}`;
      if (status === '503') expect(put.default.description).toContain(code);
      else expect(text).toContain(code);
    }
  });
});

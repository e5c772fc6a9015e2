import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createHttpsServer } from 'node:https';
import { gunzipSync } from 'node:zlib';
import { selfSignedCert } from './selfSignedCert';

/** A span as both receivers report it, whatever the encoding it arrived in. */
export interface ReceivedSpan {
  service: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  attributes: Record<string, unknown>;
  status: number;
}

export interface ReceivedLog {
  body: string;
  traceId: string;
  spanId: string;
  severity: number;
  attributes: Record<string, unknown>;
}

/** Every request body as received (decompressed): for asserting what must never be exported. */
type RawBodies = { path: string; contentType: string; body: Buffer }[];

/** OTLP span kinds as the receivers report them. */
export const SPAN_KIND = { server: 2, client: 3 } as const;

/** Quick export so a test needs no long wait (batch delays and metric interval); everything else is the SDK's own default. */
export const FAST_EXPORT = { OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_BLRP_SCHEDULE_DELAY: '100', OTEL_METRIC_EXPORT_INTERVAL: '300' };

/**
 * An OTLP/HTTP receiver on loopback, as the OpenTelemetry Collector serves it: POST /v1/traces,
 * /v1/metrics and /v1/logs, in http/json or http/protobuf (decoded here by field number, from the
 * opentelemetry-proto definitions), answered with an empty export response.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly metrics: { name: string; attributes: Record<string, unknown>[]; values?: number[] }[] = [];
  readonly logs: ReceivedLog[] = [];
  readonly raw: RawBodies = [];
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const contentType = String(req.headers['content-type'] ?? '');
        this.raw.push({ path: req.url ?? '', contentType, body });
        const json = contentType.includes('json');
        try {
          if (req.url === '/v1/traces') this.spans.push(...(json ? spansFromJson(JSON.parse(body.toString())) : spansFromProto(body)));
          if (req.url === '/v1/metrics') this.metrics.push(...(json ? metricsFromJson(JSON.parse(body.toString())) : metricsFromProto(body)));
          if (req.url === '/v1/logs') this.logs.push(...(json ? logsFromJson(JSON.parse(body.toString())) : logsFromProto(body)));
        } catch (e) {
          res.writeHead(400).end(String(e));
          return;
        }
        res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
        res.end(json ? '{}' : Buffer.alloc(0));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Whether any body received holds this text (in any field: protobuf keeps strings as they are). */
  received(text: string): boolean {
    return this.raw.some((r) => r.body.includes(Buffer.from(text)));
  }
}

/**
 * Application Insights' ingestion endpoint on loopback (POST /v2.1/track, gzip'd JSON envelopes), as the
 * Azure Monitor exporter calls it. HTTPS with a test CA (`ca`, for NODE_EXTRA_CA_CERTS): the exporter
 * rewrites any http:// IngestionEndpoint to https://.
 */
export class AzureMonitorIngestion {
  ca = '';
  readonly envelopes: { name: string; tags: Record<string, string>; data: { baseType: string; baseData: Record<string, any> } }[] = [];
  readonly raw: RawBodies = [];
  /** The Authorization header of each ingestion request (Entra ingestion: a bearer token). */
  readonly authorizations: (string | undefined)[] = [];
  private server?: Server;
  url = '';
  readonly instrumentationKey = '8b2c7a10-4d3e-4f5a-9b6c-7d8e9f0a1b2c';

  get connectionString(): string {
    return `InstrumentationKey=${this.instrumentationKey};IngestionEndpoint=${this.url}/;LiveEndpoint=${this.url}/`;
  }

  async start(): Promise<this> {
    const { key, cert } = selfSignedCert();
    this.ca = cert;
    this.server = createHttpsServer({ key, cert }, (req, res) => {
      void readBody(req).then((body) => {
        const text = req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
        this.raw.push({ path: req.url ?? '', contentType: String(req.headers['content-type'] ?? ''), body: text });
        this.authorizations.push(req.headers.authorization);
        let items: any[] = [];
        try {
          const parsed = JSON.parse(text.toString());
          items = Array.isArray(parsed) ? parsed : [parsed];
        } catch {
          // newline-delimited JSON
          items = text.toString().split('\n').filter(Boolean).map((l) => JSON.parse(l));
        }
        if (req.url?.startsWith('/v2') && req.url.includes('track')) this.envelopes.push(...items);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  of(baseType: string) {
    return this.envelopes.filter((e) => e.data?.baseType === baseType);
  }

  received(text: string): boolean {
    return this.raw.some((r) => r.body.includes(Buffer.from(text)));
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

// ---- OTLP/JSON ----

function anyValue(v: any): unknown {
  if (!v) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return v.doubleValue;
  if ('arrayValue' in v) return (v.arrayValue.values ?? []).map(anyValue);
  return undefined;
}
const attributesOf = (list: any[] = []) => Object.fromEntries(list.map((kv) => [kv.key, anyValue(kv.value)]));
const serviceOf = (resource: any) => String(attributesOf(resource?.attributes)['service.name'] ?? '');

function spansFromJson(body: any): ReceivedSpan[] {
  return (body.resourceSpans ?? []).flatMap((rs: any) =>
    (rs.scopeSpans ?? []).flatMap((ss: any) =>
      (ss.spans ?? []).map((s: any) => ({
        service: serviceOf(rs.resource),
        name: s.name,
        kind: s.kind,
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId ?? '',
        attributes: attributesOf(s.attributes),
        status: s.status?.code ?? 0,
      })),
    ),
  );
}

function metricsFromJson(body: any) {
  return (body.resourceMetrics ?? []).flatMap((rm: any) =>
    (rm.scopeMetrics ?? []).flatMap((sm: any) =>
      (sm.metrics ?? []).map((m: any) => {
        const points = m.sum?.dataPoints ?? m.histogram?.dataPoints ?? m.gauge?.dataPoints ?? [];
        // Counters' sums and histograms' counts (cumulative: the last export holds the totals); http/json only.
        return { name: m.name, attributes: points.map((p: any) => attributesOf(p.attributes)), values: points.map((p: any) => Number(p.asInt ?? p.asDouble ?? p.count ?? 0)) };
      }),
    ),
  );
}

function logsFromJson(body: any): ReceivedLog[] {
  return (body.resourceLogs ?? []).flatMap((rl: any) =>
    (rl.scopeLogs ?? []).flatMap((sl: any) =>
      (sl.logRecords ?? []).map((l: any) => ({ body: String(anyValue(l.body) ?? ''), traceId: l.traceId ?? '', spanId: l.spanId ?? '', severity: l.severityNumber ?? 0, attributes: attributesOf(l.attributes) })),
    ),
  );
}

// ---- OTLP/protobuf (opentelemetry/proto field numbers) ----

type Field = number | bigint | Buffer;
/** A protobuf message as field number → values, read from the wire (varint, fixed64, length-delimited, fixed32). */
function fields(buf: Buffer): Map<number, Field[]> {
  const out = new Map<number, Field[]>();
  let i = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = buf[i++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (i < buf.length) {
    const tag = Number(varint());
    const field = tag >>> 3;
    let value: Field;
    switch (tag & 7) {
      case 0:
        value = varint();
        break;
      case 1:
        value = buf.subarray(i, i + 8);
        i += 8;
        break;
      case 2: {
        const length = Number(varint());
        value = buf.subarray(i, i + length);
        i += length;
        break;
      }
      case 5:
        value = buf.subarray(i, i + 4);
        i += 4;
        break;
      default:
        throw new Error(`unsupported wire type ${tag & 7}`);
    }
    out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}
const bytes = (m: Map<number, Field[]>, n: number) => (m.get(n) ?? []).filter((v): v is Buffer => Buffer.isBuffer(v));
const str = (m: Map<number, Field[]>, n: number) => bytes(m, n)[0]?.toString('utf8') ?? '';
const hex = (m: Map<number, Field[]>, n: number) => bytes(m, n)[0]?.toString('hex') ?? '';
const num = (m: Map<number, Field[]>, n: number) => Number((m.get(n) ?? [0n])[0] as bigint);

function anyValueProto(buf: Buffer): unknown {
  const v = fields(buf);
  if (v.has(1)) return str(v, 1);
  if (v.has(2)) return num(v, 2) === 1;
  if (v.has(3)) return num(v, 3);
  if (v.has(4)) return (v.get(4)![0] as Buffer).readDoubleLE(0);
  return undefined;
}
const attributesProto = (list: Buffer[]) =>
  Object.fromEntries(
    list.map((kv) => {
      const f = fields(kv);
      return [str(f, 1), bytes(f, 2)[0] ? anyValueProto(bytes(f, 2)[0]!) : undefined];
    }),
  );
const serviceProto = (resource: Buffer | undefined) => String((resource ? attributesProto(bytes(fields(resource), 1)) : {})['service.name'] ?? '');

function spansFromProto(body: Buffer): ReceivedSpan[] {
  return bytes(fields(body), 1).flatMap((rsBuf) => {
    const rs = fields(rsBuf);
    const service = serviceProto(bytes(rs, 1)[0]);
    return bytes(rs, 2).flatMap((ssBuf) =>
      bytes(fields(ssBuf), 2).map((spanBuf) => {
        const s = fields(spanBuf);
        const status = bytes(s, 15)[0];
        return { service, name: str(s, 5), kind: num(s, 6), traceId: hex(s, 1), spanId: hex(s, 2), parentSpanId: hex(s, 4), attributes: attributesProto(bytes(s, 9)), status: status ? num(fields(status), 3) : 0 };
      }),
    );
  });
}

function metricsFromProto(body: Buffer) {
  return bytes(fields(body), 1).flatMap((rmBuf) =>
    bytes(fields(rmBuf), 2).flatMap((smBuf) =>
      bytes(fields(smBuf), 2).map((mBuf) => {
        const m = fields(mBuf);
        // gauge 5 and sum 7 hold NumberDataPoints (attributes: field 7); histogram 9 holds HistogramDataPoints (attributes: field 9).
        const histogram = bytes(m, 9)[0];
        const holder = histogram ?? bytes(m, 5)[0] ?? bytes(m, 7)[0];
        const points = holder ? bytes(fields(holder), 1) : [];
        return { name: str(m, 1), attributes: points.map((p) => attributesProto(bytes(fields(p), histogram ? 9 : 7))) };
      }),
    ),
  );
}

function logsFromProto(body: Buffer): ReceivedLog[] {
  return bytes(fields(body), 1).flatMap((rlBuf) =>
    bytes(fields(rlBuf), 2).flatMap((slBuf) =>
      bytes(fields(slBuf), 2).map((lBuf) => {
        const l = fields(lBuf);
        const bodyValue = bytes(l, 5)[0];
        return { body: String(bodyValue ? anyValueProto(bodyValue) : ''), traceId: hex(l, 9), spanId: hex(l, 10), severity: num(l, 2), attributes: attributesProto(bytes(l, 6)) };
      }),
    ),
  );
}

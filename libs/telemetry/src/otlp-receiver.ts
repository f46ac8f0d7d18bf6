import { createServer, type IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import protobuf from 'protobufjs';

/** A span as an OTLP receiver got it, flattened with its resource's service.name. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  kind: number;
  serviceName: string;
  attributes: Record<string, unknown>;
  /** Names of the span's events, in order. */
  events: string[];
  startNs: bigint;
  endNs: bigint;
}

export interface OtlpReceiver {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT (the SDK appends /v1/traces). */
  url: string;
  spans(): ReceivedSpan[];
  /** Export requests received, by Content-Type. */
  requests(): Record<string, number>;
  close(): Promise<void>;
}

// The fields of opentelemetry-proto's ExportTraceServiceRequest this receiver reads (numbers as in
// opentelemetry/proto/{collector/trace/v1,trace/v1,resource/v1,common/v1}); others are skipped.
const root = protobuf.Root.fromJSON({
  nested: {
    AnyValue: {
      oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'bytesValue'] } },
      fields: {
        stringValue: { type: 'string', id: 1 },
        boolValue: { type: 'bool', id: 2 },
        intValue: { type: 'int64', id: 3 },
        doubleValue: { type: 'double', id: 4 },
        bytesValue: { type: 'bytes', id: 7 },
      },
    },
    KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
    Resource: { fields: { attributes: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
    Span: {
      fields: {
        traceId: { type: 'bytes', id: 1 },
        spanId: { type: 'bytes', id: 2 },
        parentSpanId: { type: 'bytes', id: 4 },
        name: { type: 'string', id: 5 },
        kind: { type: 'int32', id: 6 },
        startTimeUnixNano: { type: 'fixed64', id: 7 },
        endTimeUnixNano: { type: 'fixed64', id: 8 },
        attributes: { rule: 'repeated', type: 'KeyValue', id: 9 },
        events: { rule: 'repeated', type: 'Event', id: 11 },
      },
    },
    Event: { fields: { name: { type: 'string', id: 2 } } },
    ScopeSpans: { fields: { spans: { rule: 'repeated', type: 'Span', id: 2 } } },
    ResourceSpans: { fields: { resource: { type: 'Resource', id: 1 }, scopeSpans: { rule: 'repeated', type: 'ScopeSpans', id: 2 } } },
    ExportTraceServiceRequest: { fields: { resourceSpans: { rule: 'repeated', type: 'ResourceSpans', id: 1 } } },
  },
});
const ExportTraceServiceRequest = root.lookupType('ExportTraceServiceRequest');

interface KeyValue {
  key: string;
  value?: Record<string, unknown>;
}
interface WireSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: KeyValue[];
  events?: { name?: string }[];
}
interface WireRequest {
  resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: WireSpan[] }[] }[];
}

function attributes(list: KeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) {
    const [first] = Object.values(value ?? {});
    out[key] = first;
  }
  return out;
}

/** `id` turns the wire's ids into lowercase hex (OTLP/JSON sends hex, protobuf bytes come as base64 here). */
function flatten(request: WireRequest, id: (wire: string) => string): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const serviceName = String(attributes(rs.resource?.attributes)['service.name'] ?? '');
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        out.push({
          traceId: id(s.traceId ?? ''),
          spanId: id(s.spanId ?? ''),
          parentSpanId: id(s.parentSpanId ?? ''),
          name: s.name ?? '',
          kind: s.kind ?? 0,
          serviceName,
          attributes: attributes(s.attributes),
          events: (s.events ?? []).map((e) => e.name ?? ''),
          startNs: BigInt(s.startTimeUnixNano ?? 0),
          endNs: BigInt(s.endTimeUnixNano ?? 0),
        });
      }
    }
  }
  return out;
}

function decodeProtobuf(body: Buffer): WireRequest {
  return ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(body), { longs: String, bytes: String }) as WireRequest;
}

const hexId = (wire: string) => wire.toLowerCase();
const base64Id = (wire: string) => Buffer.from(wire, 'base64').toString('hex');

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * An OTLP/HTTP trace receiver on loopback for tests and benchmarks: accepts `http/json` and
 * `http/protobuf` exports on /v1/traces (gzip too), answers other signals with an empty success,
 * and keeps every span in memory.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const requests: Record<string, number> = {};
  const server = createServer(async (req, res) => {
    try {
      let body = await readBody(req);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const type = String(req.headers['content-type'] ?? '').split(';')[0];
      requests[type] = (requests[type] ?? 0) + 1;
      const json = type === 'application/json';
      if (req.method === 'POST' && req.url === '/v1/traces') {
        spans.push(...(json ? flatten(JSON.parse(body.toString('utf8')) as WireRequest, hexId) : flatten(decodeProtobuf(body), base64Id)));
      }
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : undefined);
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => [...spans],
    requests: () => ({ ...requests }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

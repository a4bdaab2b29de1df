import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { print } from 'graphql';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UpdateContactDocument } from '../__generated__/graphql.js';
import { SHUTDOWN_FLUSH_MS } from '../../src/observability/telemetry.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * OpenTelemetry spans over loopback, caught by an in-memory exporter: one server span per
 * GraphQL request, continuing the caller's W3C trace, with a child span per SFMC exchange.
 */

const KEY = 'acruz@example.com';
const SECRET = 'tracing-suite-client-secret-0123456789';
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register(); // the AsyncLocalStorage context manager

const traceId = (span: ReadableSpan) => span.spanContext().traceId;
const spanId = (span: ReadableSpan) => span.spanContext().spanId;
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const spans = () => exporter.getFinishedSpans();
const servers = () => spans().filter((s) => s.kind === SpanKind.SERVER);
const childrenOf = (parent: ReadableSpan) => spans().filter((s) => parentOf(s) === spanId(parent));

/** A random W3C `traceparent`, as a gateway or browser would send it. */
function traceparent() {
  const hex = (bytes: number) =>
    [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
  const trace = hex(16);
  const parent = hex(8);
  return { trace, parent, header: `00-${trace}-${parent}-01` };
}

const update = (stack: Stack, firstName: string, headers: Record<string, string> = {}) =>
  stack.graphql(UpdateContactDocument, { input: { contactKey: KEY, emailDemographics: { firstName } } }, headers);

/** The server span of the request with this id. */
const serverSpan = (requestId: string) => {
  const found = servers().filter((s) => s.attributes['contacts_graph.request_id'] === requestId);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('tracing', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      emulator: { clientSecret: SECRET },
      clientSecret: SECRET,
      telemetry: { tracerProvider: provider },
    });
  });
  afterAll(() => stack.close());
  afterEach(() => {
    stack.emulator.clearFaults();
    exporter.reset();
  });

  it('a mutation: a server span continuing the incoming trace, with SFMC child spans (token, PATCH)', async () => {
    const incoming = traceparent();
    const res = await update(stack, 'Traced Value', { traceparent: incoming.header, tracestate: 'vendor=abc' });
    const requestId = res.data!.updateContact.requestId;
    const server = serverSpan(requestId);

    expect(server.name).toBe('mutation UpdateContact');
    expect(traceId(server)).toBe(incoming.trace);
    expect(parentOf(server)).toBe(incoming.parent);
    expect(server.spanContext().traceState?.get('vendor')).toBe('abc');
    expect(server.attributes).toEqual({
      'contacts_graph.request_id': requestId,
      'http.request.method': 'POST',
      'graphql.operation.type': 'mutation',
      'graphql.operation.name': 'UpdateContact',
      'contacts_graph.outcome': 'OK',
      'http.response.status_code': 200,
    });
    expect(server.status.code).toBe(SpanStatusCode.UNSET);

    const children = childrenOf(server);
    expect(children.map((s) => s.name)).toEqual(['sfmc token', 'sfmc updateContact']);
    for (const child of children) {
      expect(child.kind).toBe(SpanKind.CLIENT);
      expect(traceId(child)).toBe(incoming.trace);
      // Inside the server span's time.
      expect(child.startTime[0] * 1e9 + child.startTime[1]).toBeGreaterThanOrEqual(
        server.startTime[0] * 1e9 + server.startTime[1],
      );
    }
    expect(children[0]!.attributes).toEqual({
      'sfmc.endpoint': 'token',
      'http.request.method': 'POST',
      'http.response.status_code': 200,
      'sfmc.attempt': 1,
    });
    expect(children[1]!.attributes).toEqual({
      'sfmc.endpoint': 'updateContact',
      'http.request.method': 'PATCH',
      'http.response.status_code': 200,
      'sfmc.attempt': 1,
    });

    // No span holds a secret, a token or an attribute value.
    const everything = JSON.stringify(spans().map((s) => [s.name, s.attributes, s.events]));
    for (const secret of [SECRET, 'Traced Value', ...stack.emulator.issuedTokens()]) expect(everything).not.toContain(secret);
  });

  it('a request Yoga serves (sent chunked): the same server span, continuing the trace, with the PATCH as its child', async () => {
    const incoming = traceparent();
    const body = JSON.stringify({
      query: print(UpdateContactDocument),
      variables: { input: { contactKey: KEY, emailDemographics: { firstName: 'Chunked' } } },
    });
    const res = await request(`${stack.app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: incoming.header },
      body: Readable.from([body]), // no Content-Length: not the hot path's
    });
    const { data } = (await res.body.json()) as { data: { updateContact: { requestId: string } } };
    const server = serverSpan(data.updateContact.requestId);
    expect(server.name).toBe('mutation UpdateContact');
    expect(parentOf(server)).toBe(incoming.parent);
    expect(server.attributes).toMatchObject({ 'contacts_graph.outcome': 'OK', 'http.response.status_code': 200 });
    expect(childrenOf(server).map((s) => s.name)).toEqual(['sfmc updateContact']);
    expect(servers()).toHaveLength(1);
  });

  it('without a traceparent: a new trace; each request its own', async () => {
    await update(stack, 'One');
    await update(stack, 'Two');
    const [one, two] = servers();
    expect(parentOf(one!)).toBeUndefined();
    expect(traceId(one!)).not.toBe(traceId(two!));
    expect(childrenOf(two!).map((s) => s.name)).toEqual(['sfmc updateContact']); // the token is cached
  });

  it('retries: one child span per attempt, a retry event, and an UNKNOWN outcome marks the span an error', async () => {
    // The emulator answers a fault before it checks the token: 503, then 401 for the expired token.
    stack.emulator.expireTokens();
    stack.emulator.injectFault({ route: 'patch', kind: { type: 'status', status: 503, headers: { 'retry-after': '0' } } });
    const ok = await update(stack, 'Retried');
    const server = serverSpan(ok.data!.updateContact.requestId);
    expect(
      childrenOf(server).map((s) => [s.name, s.attributes['http.response.status_code'], s.attributes['sfmc.attempt']]),
    ).toEqual([
      ['sfmc updateContact', 503, 1],
      ['sfmc updateContact', 401, 2],
      ['sfmc token', 200, 1],
      ['sfmc updateContact', 200, 3],
    ]);
    expect(childrenOf(server).filter((s) => s.status.code === SpanStatusCode.ERROR)).toHaveLength(2);
    expect(server.events.map((e) => [e.name, e.attributes])).toEqual([
      ['sfmc.retry', { 'sfmc.endpoint': 'updateContact', 'sfmc.retry.reason': 'retry-after' }],
      ['sfmc.retry', { 'sfmc.endpoint': 'updateContact', 'sfmc.retry.reason': 'unauthorized' }],
    ]);

    // Lost before SFMC processed it: the read-back (a span of its own) does not find the value, so UNKNOWN stays.
    stack.emulator.injectFault({ route: 'patch', kind: { type: 'reset-before-processing' } });
    const unknown = await update(stack, 'Maybe');
    const failed = serverSpan(unknown.data!.updateContact.requestId);
    expect(failed.attributes['contacts_graph.outcome']).toBe('UNKNOWN');
    expect(failed.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'UNKNOWN' });
    expect(childrenOf(failed).map((s) => s.attributes)).toEqual([
      { 'sfmc.endpoint': 'updateContact', 'http.request.method': 'PATCH', 'error.type': 'no_answer', 'sfmc.attempt': 1 },
      expect.objectContaining({ 'sfmc.endpoint': 'searchAttributes', 'http.response.status_code': 200 }),
    ]);
  });

  it('refused requests: the error code as outcome, no SFMC spans; a named query and an anonymous one', async () => {
    const bad = await stack.graphql(UpdateContactDocument, { input: { contactKey: KEY, contactId: 'x' } });
    expect(bad.data?.updateContact.operationStatus).toBe('INVALID');
    const refused = serverSpan(String(bad.headers['x-request-id']));
    expect(refused.attributes).toMatchObject({ 'contacts_graph.outcome': 'INVALID', 'http.response.status_code': 200 });
    expect(refused.status.code).toBe(SpanStatusCode.UNSET); // the caller's error, not ours
    expect(childrenOf(refused)).toEqual([]);

    await stack.post({ query: '{ attributeGroups { name } }' });
    await stack.post({ query: `query ReadOne { contact(contactKey: "${KEY}") { contactKey } }` });
    const [anonymous, named] = servers().slice(-2);
    expect(anonymous!.name).toBe('query');
    expect(anonymous!.attributes['graphql.operation.name']).toBeUndefined();
    expect(named!.name).toBe('query ReadOne');
    expect(childrenOf(named!).map((s) => s.name)).toEqual(['sfmc searchAttributes']);

    await stack.post({ query: '{ nope' });
    expect(servers().at(-1)).toMatchObject({
      name: 'GraphQL Operation',
      attributes: { 'contacts_graph.outcome': 'GRAPHQL_PARSE_FAILED', 'http.response.status_code': 400 },
    });
  });

  it('under concurrency, every SFMC span is the child of its own request, queued calls included', async () => {
    const busy = await startStack({
      upstream: { concurrency: { max: 1, queue: 50 } },
      telemetry: { tracerProvider: provider },
    });
    try {
      await update(busy, 'Token first');
      exporter.reset();
      busy.emulator.setLatency(20);
      const callers = Array.from({ length: 8 }, () => traceparent());
      const results = await Promise.all(callers.map((c, i) => update(busy, `Caller ${i}`, { traceparent: c.header })));
      for (const r of results) expect(r.data?.updateContact.operationStatus).toBe('OK');
      expect(busy.emulator.stats().maxInFlight).toBe(1); // so 7 of them waited in the bulkhead's queue

      const sfmc = spans().filter((s) => s.kind === SpanKind.CLIENT);
      expect(sfmc).toHaveLength(8);
      for (const [i, caller] of callers.entries()) {
        const server = serverSpan(results[i]!.data!.updateContact.requestId);
        expect(traceId(server)).toBe(caller.trace);
        expect(childrenOf(server).map((s) => [s.name, traceId(s)])).toEqual([['sfmc updateContact', caller.trace]]);
      }
    } finally {
      await busy.close();
    }
  });

  it('leaves the GraphiQL page, probes and /metrics untraced', async () => {
    for (const [path, accept] of [
      ['/graphql', 'text/html'],
      ['/health', '*/*'],
      ['/metrics', '*/*'],
    ] as const) {
      const res = await fetch(`${stack.app.url}${path}`, { headers: { accept } });
      expect(res.status).toBe(200);
      await res.text();
    }
    expect(spans()).toEqual([]);
  });
});

describe('OTEL_TRACING=on', () => {
  it('exports the spans over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT, as OTEL_SERVICE_NAME', async () => {
    // A collector on loopback that keeps what it is sent.
    const received: { path: string; body: unknown }[] = [];
    const collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    try {
      const otlp = await startStack({
        env: { OTEL_TRACING: 'on', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'contacts-under-test' },
      });
      const res = await update(otlp, 'Exported');
      await otlp.close(); // flushes the batch
      expect(received.map((r) => r.path)).toEqual(['/v1/traces']);
      const [resourceSpans] = (received[0]!.body as { resourceSpans: Record<string, unknown>[] }).resourceSpans;
      expect(JSON.stringify(resourceSpans)).toContain('"key":"service.name","value":{"stringValue":"contacts-under-test"}');
      const exported = JSON.stringify(resourceSpans);
      for (const name of ['mutation UpdateContact', 'sfmc token', 'sfmc updateContact'])
        expect(exported).toContain(`"name":"${name}"`);
      expect(exported).toContain(res.data!.updateContact.requestId);
      expect(exported).not.toContain('Exported');
    } finally {
      await new Promise((resolve) => collector.close(resolve));
    }
  });

  it('a collector out of reach: shutdown still ends promptly, and the lost spans are logged', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const otlp = await startStack({
      env: { OTEL_TRACING: 'on', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closedPort}` },
    });
    expect((await update(otlp, 'Lost')).data?.updateContact.operationStatus).toBe('OK');
    const started = Date.now();
    await otlp.close();
    // The flush gave up at SHUTDOWN_FLUSH_MS, well before the exporter's own retries (up to 10 s) would end.
    expect(otlp.logs.filter((l) => l.event === 'otel')).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: `Spans lost at shutdown: not all were exported within ${SHUTDOWN_FLUSH_MS} ms`,
      }),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

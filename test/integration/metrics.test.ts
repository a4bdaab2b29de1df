import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { UpdateContactDocument } from '../__generated__/graphql.js';
import { startStack, type Stack, type StackOptions } from '../support/stack.js';

/**
 * Prometheus metrics over loopback: GraphQL requests into the real server, its SFMC
 * client out to the emulator (which injects the faults), then a scrape of /metrics.
 */

const KEY = 'acruz@example.com';
const update = (stack: Stack, firstName: string, contactKey = KEY) =>
  stack.graphql(UpdateContactDocument, { input: { contactKey, emailDemographics: { firstName } } });

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await request(url, { headers });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

async function scrape(stack: Stack): Promise<string> {
  expect(stack.app.metricsUrl).toBeDefined();
  const res = await get(stack.app.metricsUrl!);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toContain('text/plain');
  // Nothing the metrics say is a credential.
  for (const secret of [stack.emulator.clientSecret, ...stack.emulator.issuedTokens()]) expect(res.text).not.toContain(secret);
  return res.text;
}

/** The value of the series `name` with exactly these labels (undefined: no such series). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const same =
      Object.keys(found).length === Object.keys(labels).length && Object.entries(labels).every(([k, v]) => found[k] === v);
    if (same) return Number(match[3]);
  }
  return undefined;
}

const requests = (text: string, operation_name: string, operation_type: string, outcome: string) =>
  sample(text, 'graphql_requests_total', { operation_name, operation_type, outcome });
const sfmcCalls = (text: string, endpoint: string, status: string) => sample(text, 'sfmc_requests_total', { endpoint, status });

describe('/metrics', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  afterEach(() => stack.emulator.clearFaults());

  it('counts GraphQL requests by operation and outcome: OK, FAIL, INVALID, UNKNOWN, anonymous', async () => {
    expect((await update(stack, 'Counted')).data?.updateContact.operationStatus).toBe('OK');
    expect((await update(stack, 'Refused', 'nobody@example.com')).data?.updateContact.operationStatus).toBe('FAIL');
    const bad = await stack.graphql(UpdateContactDocument, { input: { contactKey: KEY, contactId: 'not-a-number' } });
    expect(bad.data?.updateContact.operationStatus).toBe('INVALID');
    stack.emulator.injectFault({ route: 'patch', kind: { type: 'status', status: 500 } });
    expect((await update(stack, 'Maybe')).data?.updateContact.operationStatus).toBe('UNKNOWN');
    expect((await stack.post({ query: '{ attributeGroups { name } }' })).status).toBe(200);

    const text = await scrape(stack);
    for (const outcome of ['OK', 'FAIL', 'INVALID', 'UNKNOWN']) {
      expect(requests(text, 'UpdateContact', 'mutation', outcome), outcome).toBe(1);
      const labels = { operation_name: 'UpdateContact', operation_type: 'mutation', outcome };
      expect(sample(text, 'graphql_request_duration_seconds_count', labels), outcome).toBe(1);
      expect(sample(text, 'graphql_request_duration_seconds_bucket', { ...labels, le: '+Inf' }), outcome).toBe(1);
    }
    expect(requests(text, 'anonymous', 'query', 'OK')).toBe(1);

    // SFMC: one token, three PATCHes (OK, FAIL and the 500), by status.
    expect(sfmcCalls(text, 'token', '200')).toBe(1);
    expect(sfmcCalls(text, 'updateContact', '200')).toBe(2);
    expect(sfmcCalls(text, 'updateContact', '500')).toBe(1);
    expect(sample(text, 'sfmc_request_duration_seconds_count', { endpoint: 'updateContact', status: '500' })).toBe(1);
    expect(sample(text, 'sfmc_token_refreshes_total', { outcome: 'ok' })).toBe(1);
    expect(sample(text, 'sfmc_circuit_breaker_state', { state: 'closed' })).toBe(1);
    expect(sample(text, 'sfmc_circuit_breaker_state', { state: 'open' })).toBe(0);
    expect(sample(text, 'sfmc_circuit_breaker_opens_total')).toBe(0);
    // prom-client's process and Node.js metrics.
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('counts a token refresh and every retry, by endpoint and reason', async () => {
    const before = await scrape(stack);
    stack.emulator.expireTokens(); // the cached token is refused: 401, a fresh token, one resend
    expect((await update(stack, 'Fresh token')).data?.updateContact.operationStatus).toBe('OK');
    stack.emulator.injectFault({ route: 'patch', kind: { type: 'status', status: 503, headers: { 'retry-after': '0' } } });
    expect((await update(stack, 'Come back')).data?.updateContact.operationStatus).toBe('OK');
    stack.emulator.injectFault({ route: 'attributesSearch', kind: { type: 'reset-before-processing' } });
    expect((await stack.post({ query: `{ contact(contactKey: "${KEY}") { contactKey } }` })).data).toEqual({
      contact: { contactKey: KEY },
    });

    const text = await scrape(stack);
    const delta = (name: string, labels: Record<string, string>) =>
      (sample(text, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect(delta('sfmc_token_refreshes_total', { outcome: 'ok' })).toBe(1);
    expect(delta('sfmc_requests_total', { endpoint: 'token', status: '200' })).toBe(1);
    expect(delta('sfmc_requests_total', { endpoint: 'updateContact', status: '401' })).toBe(1);
    expect(delta('sfmc_requests_total', { endpoint: 'updateContact', status: '503' })).toBe(1);
    expect(delta('sfmc_requests_total', { endpoint: 'searchAttributes', status: 'none' })).toBe(1);
    expect(delta('sfmc_requests_total', { endpoint: 'searchAttributes', status: '200' })).toBe(1);
    expect(sample(text, 'sfmc_retries_total', { endpoint: 'updateContact', reason: 'unauthorized' })).toBe(1);
    expect(sample(text, 'sfmc_retries_total', { endpoint: 'updateContact', reason: 'retry-after' })).toBe(1);
    expect(sample(text, 'sfmc_retries_total', { endpoint: 'searchAttributes', reason: 'ambiguous' })).toBe(1);
    expect(requests(text, 'anonymous', 'query', 'OK')).toBe(2);
  });

  it('does not count the GraphiQL page, probes or scrapes as GraphQL requests', async () => {
    const total = (text: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith('graphql_requests_total{'))
        .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
    const before = total(await scrape(stack));
    expect((await get(`${stack.app.url}/graphql`, { accept: 'text/html' })).status).toBe(200);
    expect((await get(`${stack.app.url}/health`)).status).toBe(200);
    expect(total(await scrape(stack))).toBe(before);
  });
});

describe('/metrics for an open circuit breaker', () => {
  it('shows the breaker open, and that it opened', async () => {
    const stack = await startStack({ upstream: { breaker: { failures: 1, resetMs: 60_000 } } });
    try {
      expect((await update(stack, 'Warm up')).data?.updateContact.operationStatus).toBe('OK');
      stack.emulator.injectFault({ route: 'patch', kind: { type: 'status', status: 502 } });
      expect((await update(stack, 'Maybe')).data?.updateContact.operationStatus).toBe('UNKNOWN');
      const refused = await update(stack, 'Refused');
      expect(refused.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(stack.sfmc.breakerState()).toBe('open');

      const text = await scrape(stack);
      expect(sample(text, 'sfmc_circuit_breaker_state', { state: 'open' })).toBe(1);
      expect(sample(text, 'sfmc_circuit_breaker_state', { state: 'closed' })).toBe(0);
      expect(sample(text, 'sfmc_circuit_breaker_state', { state: 'half-open' })).toBe(0);
      expect(sample(text, 'sfmc_circuit_breaker_opens_total')).toBe(1);
      expect(requests(text, 'UpdateContact', 'mutation', 'UPSTREAM_UNAVAILABLE')).toBe(1);
      expect(sfmcCalls(text, 'updateContact', '502')).toBe(1); // the refused call sent nothing
    } finally {
      await stack.close();
    }
  });
});

describe('where /metrics is served', () => {
  const withStack = async (options: StackOptions, check: (stack: Stack) => Promise<void>) => {
    const stack = await startStack(options);
    try {
      await check(stack);
    } finally {
      await stack.close();
    }
  };

  it('METRICS_PORT: on that port only, not on the public GraphQL port', () =>
    withStack({ env: { METRICS_PORT: '0' } }, async (stack) => {
      const metricsUrl = new URL(stack.app.metricsUrl!);
      expect(metricsUrl.port).not.toBe(new URL(stack.app.url).port);
      expect(metricsUrl.pathname).toBe('/metrics');
      expect((await get(`${stack.app.url}/metrics`)).status).toBe(404);
      expect((await get(`${metricsUrl.origin}/graphql`)).status).toBe(404);
      await update(stack, 'Counted');
      expect(requests(await scrape(stack), 'UpdateContact', 'mutation', 'OK')).toBe(1);
    }));

  it('METRICS=off: nowhere', () =>
    withStack({ env: { METRICS: 'off' } }, async (stack) => {
      expect(stack.app.metricsUrl).toBeUndefined();
      expect(stack.telemetry.metrics).toBeUndefined();
      expect((await get(`${stack.app.url}/metrics`)).status).toBe(404);
      expect((await update(stack, 'Unobserved')).data?.updateContact.operationStatus).toBe('OK');
    }));

  it('bounds operation names: past the limit (or over 64 characters) they are "other"', () =>
    withStack({ telemetry: { metrics: { maxOperationNames: 2 } } }, async (stack) => {
      for (const name of ['One', 'Two', 'Three', `L${'o'.repeat(70)}ng`]) {
        expect((await stack.post({ query: `query ${name} { attributeGroups { name } }` })).status).toBe(200);
      }
      const text = await scrape(stack);
      expect(requests(text, 'One', 'query', 'OK')).toBe(1);
      expect(requests(text, 'Two', 'query', 'OK')).toBe(1);
      expect(requests(text, 'other', 'query', 'OK')).toBe(2);
      expect(text).not.toContain('Three');
    }));
});

describe('configuration', () => {
  it('METRICS on by default; METRICS_PORT must not be PORT; a warning in production without it', () => {
    expect(loadConfig({}).observability).toEqual({
      metrics: { enabled: true },
      tracing: { enabled: false, serviceName: 'contacts-graph', url: 'http://localhost:4318/v1/traces' },
    });
    expect(loadConfig({ METRICS: 'off', METRICS_PORT: '9464' }).observability.metrics).toEqual({ enabled: false, port: 9464 });
    expect(() => loadConfig({ PORT: '4000', METRICS_PORT: '4000' })).toThrow(/METRICS_PORT must differ from PORT/);
    const production = { NODE_ENV: 'production', AUTH_MODE: 'off' };
    expect(loadConfig(production).warnings).toContainEqual(expect.stringContaining('METRICS_PORT'));
    expect(loadConfig({ ...production, METRICS_PORT: '9464' }).warnings).not.toContainEqual(
      expect.stringContaining('METRICS_PORT'),
    );
  });

  it('OTEL_TRACING off by default; the standard OTLP variables', () => {
    const tracing = (env: Record<string, string>) => loadConfig(env).observability.tracing;
    expect(
      tracing({ OTEL_TRACING: 'on', OTEL_SERVICE_NAME: 'contacts', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }),
    ).toEqual({
      enabled: true,
      serviceName: 'contacts',
      url: 'http://collector:4318/v1/traces',
    });
    expect(tracing({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otel.example.com/traces' }).url).toBe(
      'https://otel.example.com/traces',
    );
    expect(() => loadConfig({ OTEL_TRACING: 'yes' })).toThrow(/OTEL_TRACING must be one of: on, off/);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://user:pw@collector' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});

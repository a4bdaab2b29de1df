import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCallerAuth } from '../../src/auth/caller-auth.js';
import { standardCatalog } from '../../src/catalog/index.js';
import { loadConfig } from '../../src/config.js';
import { startEmulator } from '../../src/emulator/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { createTelemetry } from '../../src/observability/telemetry.js';
import { startApp } from '../../src/server/app.js';
import { SfmcClient } from '../../src/sfmc/client.js';
import { MemoryStore, type StateStore } from '../../src/state/store.js';
import { AUTH_ENV, signToken } from '../support/jwt.js';
import { startStack, UPSTREAM, type GraphqlResponse, type Stack } from '../support/stack.js';

/**
 * `Idempotency-Key` on mutations, end to end over loopback: the real service against the
 * emulator, whose call log says how many PATCHes SFMC received.
 */

const KEY = 'acruz@example.com';
const UPDATE = `mutation UpdateContact($input: UpdateContactInput!) {
  updateContact(input: $input) { operationStatus verification retryable contactKey requestId }
}`;
const READ = 'query Contact($contactKey: String!) { contact(contactKey: $contactKey) { contactKey } }';

type Answer = GraphqlResponse<{ updateContact: { operationStatus: string; verification: string | null; requestId: string } }>;

let counter = 0;
/** A key as a frontend makes one per form load. */
const newKey = () => `form-${process.pid}-${Date.now()}-${(counter += 1)}`;

function update(stack: Stack, firstName: string, key?: string, headers: Record<string, string> = {}): Promise<Answer> {
  const body = { query: UPDATE, variables: { input: { contactKey: KEY, emailDemographics: { firstName } } } };
  return stack.post(body, { ...(key !== undefined ? { 'idempotency-key': key } : {}), ...headers }) as Promise<Answer>;
}

const patches = (stack: Stack) => stack.emulator.callCount('PATCH', '/contacts/v1/contacts');
const firstName = (stack: Stack) => stack.emulator.getContact(KEY)?.attributeSets['Email Demographics']?.[0]?.['First Name'];
const codeOf = (answer: GraphqlResponse<unknown>) => answer.errors?.[0]?.extensions?.code;

async function metric(stack: Stack, result: string): Promise<number> {
  const text = await (await request(stack.app.metricsUrl as string)).body.text();
  const sample = new RegExp(`^idempotency_keys_total\\{result="${result}"\\} (\\d+)$`, 'm').exec(text);
  return Number(sample?.[1] ?? 0);
}

describe('Idempotency-Key', () => {
  let stack: Stack;
  beforeAll(async () => {
    // A generous wait: a hundred requests share two cores with the rest of the suite.
    stack = await startStack({ env: { IDEMPOTENCY_WAIT_MS: '30000' } });
  });
  afterAll(() => stack.close());
  afterEach(() => stack.emulator.clearFaults());

  it('replays the stored answer to a resend: same status and body, Idempotent-Replayed, nothing sent to SFMC', async () => {
    const key = newKey();
    const before = patches(stack);
    const first = await update(stack, 'Replayed', key);
    expect(first.status).toBe(200);
    expect(first.data?.updateContact).toMatchObject({ operationStatus: 'OK', verification: 'SFMC_RESPONSE' });
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await update(stack, 'Replayed', key);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    // The first answer, its request id included; the header names this request.
    expect(again.data).toEqual(first.data);
    expect(again.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    expect(patches(stack) - before).toBe(1);
    expect(await metric(stack, 'replayed')).toBeGreaterThanOrEqual(1);
  });

  it('compares variables by value: the same input written in another order is the same request', async () => {
    const key = newKey();
    const before = patches(stack);
    const input = { contactKey: KEY, emailDemographics: { firstName: 'Ordered', lastName: 'Cruz' } };
    const first = await stack.post({ query: UPDATE, variables: { input } }, { 'idempotency-key': key });
    const reordered = { emailDemographics: { lastName: 'Cruz', firstName: 'Ordered' }, contactKey: KEY };
    const again = await stack.post({ query: UPDATE, variables: { input: reordered } }, { 'idempotency-key': `"${key}"` });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.data).toEqual(first.data);
    expect(patches(stack) - before).toBe(1);
  });

  it('refuses the same key with other variables: 422 IDEMPOTENCY_KEY_REUSED, nothing sent', async () => {
    const key = newKey();
    await update(stack, 'First', key);
    const before = patches(stack);
    const other = await update(stack, 'Second', key);
    expect(other.status).toBe(422);
    expect(codeOf(other)).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.errors?.[0]?.extensions?.retryable).toBe(false);
    expect(patches(stack)).toBe(before);
    expect(firstName(stack)).toBe('First');
  });

  it('100 concurrent submits with one key: exactly one PATCH, 100 identical answers', async () => {
    const key = newKey();
    const before = patches(stack);
    const answers = await Promise.all(Array.from({ length: 100 }, () => update(stack, 'Concurrent', key)));
    expect(patches(stack) - before).toBe(1);
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    const bodies = new Set(answers.map((a) => JSON.stringify({ data: a.data, errors: a.errors })));
    expect(bodies.size).toBe(1);
    expect(answers[0]?.data?.updateContact.operationStatus).toBe('OK');
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(99);
  });

  it('keeps no error: a resend after SFMC refused to process runs again', async () => {
    const key = newKey();
    stack.emulator.injectFault({ route: 'updateContact', kind: { type: 'status', status: 503 } });
    const refused = await update(stack, 'AfterRefusal', key);
    expect(codeOf(refused)).toBe('UPSTREAM_UNAVAILABLE');
    const before = patches(stack);
    const again = await update(stack, 'AfterRefusal', key);
    expect(again.data?.updateContact.operationStatus).toBe('OK');
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(patches(stack) - before).toBe(1);
  });

  it('ignores a key on a query: reads are safe to repeat', async () => {
    const key = newKey();
    const searches = () => stack.emulator.callCount('POST', '/contacts/v1/attributes/search');
    const before = searches();
    for (let i = 0; i < 2; i += 1) {
      const read = await stack.post({ query: READ, variables: { contactKey: KEY } }, { 'idempotency-key': key });
      expect(read.status).toBe(200);
      expect(read.headers['idempotent-replayed']).toBeUndefined();
    }
    expect(searches() - before).toBe(2);
  });

  it.each([
    ['longer than 255 characters', 'k'.repeat(256)],
    ['not ASCII', 'clé'],
    ['empty', '""'],
  ])('refuses a key %s: 400 IDEMPOTENCY_KEY_INVALID, nothing sent', async (_name, key) => {
    const before = patches(stack);
    const answer = await update(stack, 'Invalid', key);
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe('IDEMPOTENCY_KEY_INVALID');
    expect(patches(stack)).toBe(before);
  });
});

describe('Idempotency-Key bounds', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('answers 409 IDEMPOTENCY_KEY_IN_FLIGHT after the wait bound, and the first answer once it is stored', async () => {
    stack = await startStack({ env: { IDEMPOTENCY_WAIT_MS: '200' } });
    const s = stack;
    s.emulator.injectFault({ route: 'updateContact', kind: { type: 'delay', ms: 1_500 } });
    const key = newKey();
    const first = update(s, 'Slow', key);
    await sleep(300);
    const started = performance.now();
    const waiting = await update(s, 'Slow', key);
    expect(waiting.status).toBe(409);
    expect(codeOf(waiting)).toBe('IDEMPOTENCY_KEY_IN_FLIGHT');
    expect(waiting.errors?.[0]?.extensions?.retryable).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
    // Another fingerprint is refused at once, in flight or not.
    expect(codeOf(await update(s, 'Other', key))).toBe('IDEMPOTENCY_KEY_REUSED');
    const answered = await first;
    expect(answered.data?.updateContact.operationStatus).toBe('OK');
    const replayed = await update(s, 'Slow', key);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.data).toEqual(answered.data);
    expect(patches(s)).toBe(1);
    expect(await metric(s, 'in_flight')).toBe(1);
  });

  it('forgets a key after IDEMPOTENCY_TTL_SECONDS: the same request runs again', async () => {
    stack = await startStack({ env: { IDEMPOTENCY_TTL_SECONDS: '1' } });
    const key = newKey();
    await update(stack, 'Expiring', key);
    expect((await update(stack, 'Expiring', key)).headers['idempotent-replayed']).toBe('true');
    await sleep(1_100);
    const later = await update(stack, 'Expiring', key);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(later.data?.updateContact.operationStatus).toBe('OK');
    expect(patches(stack)).toBe(2);
  });

  it("scopes keys to the caller: two callers' equal keys never meet", async () => {
    stack = await startStack({ env: AUTH_ENV });
    const bearer = async (sub: string) => ({
      authorization: `Bearer ${await signToken({ sub, scope: 'contacts:write' })}`,
    });
    const key = newKey();
    const one = await update(stack, 'Scoped', key, await bearer('ops-one@example.com'));
    const two = await update(stack, 'Scoped', key, await bearer('ops-two@example.com'));
    expect(one.data?.updateContact.operationStatus).toBe('OK');
    expect(two.data?.updateContact.operationStatus).toBe('OK');
    expect(two.headers['idempotent-replayed']).toBeUndefined();
    expect(patches(stack)).toBe(2);
    const replay = await update(stack, 'Scoped', key, await bearer('ops-one@example.com'));
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });
});

describe('Idempotency-Key when the state store fails', () => {
  /** The service as startService wires it, with a state store whose every call fails (or never answers). */
  async function serviceWith(state: StateStore) {
    const emulator = await startEmulator();
    const config = loadConfig({ AUTH_MODE: 'off' });
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    const telemetry = await createTelemetry(config.observability, { logger });
    const sfmc = new SfmcClient({
      authUrl: emulator.url,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      ...UPSTREAM,
    });
    const app = await startApp({
      ...config,
      port: 0,
      host: '127.0.0.1',
      catalog: standardCatalog,
      sfmc,
      logger,
      auth: createCallerAuth(config.auth),
      telemetry,
      state,
    });
    return {
      emulator,
      app,
      logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
      post: async (firstName: string, key: string) => {
        const res = await request(`${app.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify({ query: UPDATE, variables: { input: { contactKey: KEY, emailDemographics: { firstName } } } }),
        });
        return { status: res.statusCode, body: (await res.body.json()) as Answer };
      },
      async close() {
        await app.close();
        await sfmc.close();
        await telemetry.shutdown();
        await emulator.close();
      },
    };
  }

  // The idempotency records fail; the rate limit's counter (tested with the Redis store) keeps working.
  const failing = (call: () => Promise<never>): StateStore => {
    const counters = new MemoryStore();
    return {
      kind: 'redis',
      get: call,
      setIfAbsent: call,
      set: call,
      delete: call,
      increment: (key, ttlMs) => counters.increment(key, ttlMs),
      healthy: async () => false,
      close: async () => undefined,
    };
  };

  it.each([
    ['rejects every call', () => Promise.reject(new Error('connection refused'))],
    ['never answers', () => new Promise<never>(() => undefined)],
  ])('answers anyway when the store %s: unchecked, logged once per request, counted', async (_name, call) => {
    const service = await serviceWith(failing(call));
    try {
      const started = performance.now();
      const first = await service.post('Unchecked', 'store-down');
      const second = await service.post('Unchecked', 'store-down');
      expect(performance.now() - started).toBeLessThan(5_000);
      for (const answer of [first, second]) {
        expect(answer.status).toBe(200);
        expect(answer.body.data?.updateContact.operationStatus).toBe('OK');
      }
      // Not checked: both were sent.
      expect(service.emulator.callCount('PATCH', '/contacts/v1/contacts')).toBe(2);
      const warnings = service.logs().filter((l) => l.event === 'idempotency.unchecked');
      expect(warnings).toHaveLength(2);
      expect(new Set(warnings.map((w) => w.requestId)).size).toBe(2);
      const text = await (await request(`${service.app.url}/metrics`)).body.text();
      expect(text).toMatch(/^idempotency_keys_total\{result="unchecked"\} 2$/m);
    } finally {
      await service.close();
    }
  });
});

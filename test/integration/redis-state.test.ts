import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { print } from 'graphql';
import { SEED_VARIABLES } from '../../src/server/graphiql-example.js';
import { RedisStore } from '../../src/state/redis-store.js';
import { StateUnavailable, type StateOperation } from '../../src/state/store.js';
import { REDIS_SERVER, startRedis, warnIfNoRedis, type RedisServer } from '../support/redis.js';
import { UpdateContactDocument } from '../__generated__/graphql.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * Shared state on a real redis-server: the store's semantics, two service instances sharing
 * one rate limit, and what the service does while Redis is down (killed) or hung (SIGSTOP).
 */
warnIfNoRedis('test/integration/redis-state.test.ts');

const TIMEOUT_MS = 200;
const QUERY = { query: '{ attributeGroups { name } }' };
const UPDATE = print(UpdateContactDocument);

async function get(url: string) {
  const res = await request(url);
  return { status: res.statusCode, text: await res.body.text() };
}

/** The value of `name{operation="…"}` in a scrape of the stack's /metrics (0 when absent). */
async function stateErrors(stack: Stack, operation: StateOperation): Promise<number> {
  const { text } = await get(stack.app.metricsUrl!);
  const line = text.split('\n').find((l) => l.startsWith(`state_store_errors_total{operation="${operation}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** Polls until `check` holds (the service reconnects in the background), failing after a few seconds. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`Never happened: ${what}`);
}

const events = (stack: Stack, event: string) => stack.logs.filter((l) => l.event === event);

describe.skipIf(!REDIS_SERVER)('shared state on a real Redis', () => {
  let redis: RedisServer;
  let prefixes = 0;
  /** A key prefix of its own for each test: nothing one test stores is seen by another. */
  const isolated = () => `test-${process.pid}-${(prefixes += 1)}:`;
  const storeOn = (prefix = isolated()) => {
    const observed: StateOperation[] = [];
    const store = new RedisStore(
      redis.url,
      { timeoutMs: TIMEOUT_MS, keyPrefix: prefix },
      { onStateError: (op) => observed.push(op) },
    );
    return { store, observed };
  };
  const stackOn = (prefix: string, requests = 1_000_000, env: Record<string, string> = {}) =>
    startStack({
      env: { REDIS_URL: redis.url, REDIS_TIMEOUT_MS: String(TIMEOUT_MS), REDIS_KEY_PREFIX: prefix, ...env },
      http: { rateLimit: { requests, adminRequests: requests, windowSeconds: 60 } },
    });

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  describe('RedisStore', () => {
    it('sets a key only when absent, replaces it with set, removes it with delete', async () => {
      const { store } = storeOn();
      try {
        await store.settled();
        expect(await store.healthy()).toBe(true);
        expect(await store.setIfAbsent('k', 'a', 10_000)).toBe(true);
        expect(await store.setIfAbsent('k', 'b', 10_000)).toBe(false);
        expect(await store.get('k')).toBe('a');
        await store.set('k', 'c', 10_000);
        expect(await store.get('k')).toBe('c');
        await store.delete('k');
        expect(await store.get('k')).toBeUndefined();
        expect(await store.setIfAbsent('k', 'd', 10_000)).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('forgets a key when its TTL runs out', async () => {
      const { store } = storeOn();
      try {
        await store.settled();
        expect(await store.setIfAbsent('short', 'a', 50)).toBe(true);
        await eventually(async () => (await store.get('short')) === undefined, 'the key expired');
        expect(await store.setIfAbsent('short', 'b', 10_000)).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('counts within a fixed window that starts at the first increment', async () => {
      const { store } = storeOn();
      try {
        await store.settled();
        const first = await store.increment('n', 60_000);
        expect(first).toMatchObject({ count: 1 });
        expect(first.ttlMs).toBeGreaterThan(59_000);
        expect((await store.increment('n', 1)).count).toBe(2); // the window keeps its first expiry
        expect((await store.increment('n', 1)).ttlMs).toBeGreaterThan(59_000);
        const counts = await Promise.all(Array.from({ length: 20 }, () => store.increment('many', 60_000)));
        expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      } finally {
        await store.close();
      }
    });

    it('keeps deployments apart by key prefix', async () => {
      const a = storeOn('deployment-a:');
      const b = storeOn('deployment-b:');
      try {
        await Promise.all([a.store.settled(), b.store.settled()]);
        await a.store.set('same', 'a', 10_000);
        expect(await b.store.get('same')).toBeUndefined();
      } finally {
        await a.store.close();
        await b.store.close();
      }
    });

    it('answers StateUnavailable at once when Redis is unreachable, and counts it', async () => {
      const { store, observed } = storeOn();
      try {
        await store.settled();
        await redis.stop();
        await eventually(async () => !(await store.healthy()), 'the store noticed');
        await expect(store.get('k')).rejects.toBeInstanceOf(StateUnavailable);
        await expect(store.increment('k', 1_000)).rejects.toBeInstanceOf(StateUnavailable);
        expect(observed).toEqual(expect.arrayContaining(['get', 'increment']));
        await redis.start();
        await eventually(() => store.healthy(), 'the store reconnected');
        expect(await store.setIfAbsent('k', 'a', 1_000)).toBe(true);
      } finally {
        await store.close();
        await redis.start();
      }
    });

    it('gives up on a Redis that accepts but never answers, after its timeout, and recovers', async () => {
      const availability: boolean[] = [];
      const store = new RedisStore(
        redis.url,
        { timeoutMs: TIMEOUT_MS, keyPrefix: isolated() },
        { onStateAvailability: (available) => availability.push(available) },
      );
      try {
        await store.settled();
        redis.pause();
        const error = await store.get('k').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StateUnavailable);
        expect((error as Error).message).toContain(`no answer within ${TIMEOUT_MS} ms`);
        expect(availability).toEqual([true, false]);
        expect(await store.healthy()).toBe(false);
        redis.resume();
        await eventually(() => store.healthy(), 'the store answered again');
        expect(availability).toEqual([true, false, true]);
      } finally {
        redis.resume();
        await store.close();
      }
    });
  });

  describe('two service instances on one Redis', () => {
    it('share one rate limit: what A spends, B cannot', async () => {
      const prefix = isolated();
      const a = await stackOn(prefix, 3);
      const b = await stackOn(prefix, 3);
      try {
        expect(events(a, 'state.available')).toHaveLength(1);
        expect(events(a, 'server.started')[0]).toMatchObject({ state: redis.url });
        expect((await a.post(QUERY)).status).toBe(200);
        expect((await a.post(QUERY)).status).toBe(200);
        expect((await b.post(QUERY)).status).toBe(200);
        const refused = await b.post(QUERY);
        expect(refused.status).toBe(429);
        expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
        expect(refused.headers['retry-after']).toMatch(/^\d+$/);
        expect((await a.post(QUERY)).status).toBe(429);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('share Idempotency-Key records: a key used on A replays on B, nothing sent from B', async () => {
      const prefix = isolated();
      const a = await stackOn(prefix);
      const b = await stackOn(prefix);
      try {
        const save = { query: UPDATE, variables: SEED_VARIABLES };
        const key = { 'idempotency-key': 'form-load-7f3a' };
        const first = await a.post(save, key);
        const replay = await b.post(save, key);
        expect([first.status, replay.status]).toEqual([200, 200]);
        expect(replay.headers['idempotent-replayed']).toBe('true');
        expect(replay.data).toEqual(first.data);
        expect(a.emulator.callCount('PATCH', '/contacts/v1/contacts')).toBe(1);
        expect(b.emulator.calls).toEqual([]);
        // The same key with another body is a reuse, whichever instance sees it.
        const reused = await b.post(
          { query: UPDATE, variables: { input: { ...SEED_VARIABLES.input, contactKey: 'other@example.com' } } },
          key,
        );
        expect([reused.status, reused.errors?.[0]?.extensions?.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });

  describe('Redis down under a running service', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await stackOn(isolated(), 2);
    });
    afterAll(async () => {
      await stack?.close();
    });

    it('keeps answering (the limit fails open), says so once, counts it, and /ready turns 503', async () => {
      expect((await get(`${stack.app.url}/ready`)).status).toBe(200);
      expect((await stack.post(QUERY)).status).toBe(200);
      expect((await stack.post(QUERY)).status).toBe(200);
      expect((await stack.post(QUERY)).status).toBe(429);

      await redis.stop();
      for (let i = 0; i < 3; i += 1) expect((await stack.post(QUERY)).status).toBe(200);
      expect(await stateErrors(stack, 'increment')).toBeGreaterThanOrEqual(3);
      expect(events(stack, 'rate-limit.unenforced')).toHaveLength(1);
      expect(events(stack, 'state.unavailable')).toHaveLength(1);
      const ready = await get(`${stack.app.url}/ready`);
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.text)).toEqual({ ready: false, reason: 'shared state unavailable' });
      expect((await get(`${stack.app.url}/health`)).status).toBe(200);

      await redis.start(); // empty: the budget starts again
      await eventually(async () => (await get(`${stack.app.url}/ready`)).status === 200, '/ready 200 again');
      expect((await stack.post(QUERY)).status).toBe(200);
      expect(events(stack, 'rate-limit.enforced')).toHaveLength(1);
      expect(events(stack, 'state.available')).toHaveLength(2);
    });

    it('does not wait on a hung Redis beyond its timeout: the request is answered and the miss counted', async () => {
      await eventually(async () => (await get(`${stack.app.url}/ready`)).status === 200, 'ready');
      const before = await stateErrors(stack, 'increment');
      redis.pause();
      try {
        // The answer arrives because the store's deadline fired (its reason says so), not because Redis answered.
        expect((await stack.post(QUERY)).status).toBe(200);
        expect(await stateErrors(stack, 'increment')).toBe(before + 1);
        expect(events(stack, 'state.unavailable').at(-1)).toMatchObject({
          reason: expect.stringContaining(`no answer within ${TIMEOUT_MS} ms`),
        });
        expect((await get(`${stack.app.url}/ready`)).status).toBe(503);
        // The connection given up on is replaced; the next requests fail fast without a new wait.
        expect((await stack.post(QUERY)).status).toBe(200);
      } finally {
        redis.resume();
      }
      await eventually(async () => (await get(`${stack.app.url}/ready`)).status === 200, '/ready 200 after resume');
    });
  });

  it('with REDIS_READINESS=off, /ready stays 200 while Redis is down (one Redis behind every instance)', async () => {
    const stack = await stackOn(isolated(), 1_000_000, { REDIS_READINESS: 'off' });
    try {
      await redis.stop();
      expect((await stack.post(QUERY)).status).toBe(200);
      expect(events(stack, 'state.unavailable')).toHaveLength(1);
      expect((await get(`${stack.app.url}/ready`)).status).toBe(200);
    } finally {
      await redis.start();
      await stack.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { createRateLimit } from '../../src/server/rate-limit.js';
import { createStore, describeRedisUrl } from '../../src/state/index.js';
import { MemoryStore, StateUnavailable, type StateStore } from '../../src/state/store.js';

/** The shared-state pieces that need no Redis: the memory store's counter, the REDIS_* settings, the rate limit. */

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('MemoryStore.increment', () => {
  it('counts within a fixed window that starts at the first increment', async () => {
    let now = 0;
    const store = new MemoryStore(10, () => now);
    expect(await store.increment('n', 1_000)).toEqual({ count: 1, ttlMs: 1_000 });
    now = 400;
    expect(await store.increment('n', 5_000)).toEqual({ count: 2, ttlMs: 600 });
    now = 1_000;
    expect(await store.increment('n', 1_000)).toEqual({ count: 1, ttlMs: 1_000 });
    expect(await store.healthy()).toBe(true);
  });

  it("adds `by` when told (a request's SFMC calls at once)", async () => {
    const store = new MemoryStore(10, () => 0);
    expect(await store.increment('calls', 1_000, 7)).toEqual({ count: 7, ttlMs: 1_000 });
    expect(await store.increment('calls', 1_000, 3)).toEqual({ count: 10, ttlMs: 1_000 });
    expect(await store.increment('calls', 1_000)).toEqual({ count: 11, ttlMs: 1_000 });
  });

  it('answers the same count at once through incrementNow', async () => {
    const store = new MemoryStore(10, () => 0);
    expect(store.incrementNow('n', 1_000)).toEqual({ count: 1, ttlMs: 1_000 });
    expect(await store.increment('n', 1_000)).toEqual({ count: 2, ttlMs: 1_000 });
    expect(store.incrementNow('n', 1_000, 3)).toEqual({ count: 5, ttlMs: 1_000 });
  });
});

describe('REDIS_* settings', () => {
  it('keep state in memory unless REDIS_URL is set', async () => {
    const { sharedState } = loadConfig({});
    expect(sharedState).toEqual({ timeoutMs: 500, keyPrefix: 'contacts-graph:', readiness: true });
    const store = await createStore(sharedState);
    expect(store.kind).toBe('memory');
  });

  it('take a redis:// or rediss:// URL with its password, and refuse anything else without echoing it', () => {
    const url = 'rediss://app:p%40ss-w0rd@cache.internal:6380/2';
    expect(loadConfig({ REDIS_URL: url, REDIS_TIMEOUT_MS: '250' }).sharedState).toMatchObject({ redisUrl: url, timeoutMs: 250 });
    for (const bad of ['http://cache.internal:6379', 'cache.internal:6379', 'redis://:hunter2secret@/0']) {
      const found = problems({ REDIS_URL: bad });
      expect(found).toEqual(['REDIS_URL must be a redis:// or rediss:// URL with a host']);
      expect(found.join()).not.toContain('hunter2');
    }
    expect(problems({ REDIS_TIMEOUT_MS: '0' })).toEqual(['REDIS_TIMEOUT_MS must be a whole number from 10 to 10000']);
  });

  it('are logged without credentials', () => {
    expect(describeRedisUrl('rediss://app:p%40ss-w0rd@cache.internal:6380/2')).toBe('rediss://cache.internal:6380/2');
    expect(describeRedisUrl('redis://:secret@127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});

describe('the rate limit on a store', () => {
  const limit = { requests: 2, adminRequests: 3, windowSeconds: 60 };

  it('refuses past the budget with RATE_LIMITED and the window left as Retry-After', async () => {
    const rateLimit = createRateLimit(
      limit,
      new MemoryStore(),
      createLogger('error', () => {}),
    );
    // The memory store answers at once: decided without a promise, the refusal thrown.
    expect(rateLimit('caller:a')).toBeUndefined();
    expect(rateLimit('caller:a')).toBeUndefined();
    expect(() => rateLimit('caller:a')).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED', retryAfter: 60 }) }),
    );
    expect(rateLimit('caller:b')).toBeUndefined(); // a budget of its own
  });

  it('fails open while the store is unavailable, says so once, and again when it is back', async () => {
    let down = true;
    const memory = new MemoryStore();
    const flaky: StateStore = Object.assign(Object.create(memory) as StateStore, {
      incrementNow: undefined,
      increment: (key: string, ttlMs: number) =>
        down ? Promise.reject(new StateUnavailable('increment', 'refused')) : memory.increment(key, ttlMs),
    });
    const lines: string[] = [];
    const rateLimit = createRateLimit(
      limit,
      flaky,
      createLogger('info', (line) => lines.push(line)),
    );
    for (let i = 0; i < 5; i += 1) await rateLimit('caller:a');
    down = false;
    await rateLimit('caller:a');
    await rateLimit('caller:a');
    await expect(rateLimit('caller:a')).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    expect(lines.map((l) => (JSON.parse(l) as { event: string }).event)).toEqual([
      'rate-limit.unenforced',
      'rate-limit.enforced',
    ]);
  });

  it('lets other errors through', async () => {
    const broken = Object.assign(new MemoryStore(), {
      incrementNow: undefined,
      increment: () => Promise.reject(new TypeError('bug')),
    });
    const rateLimit = createRateLimit(
      limit,
      broken,
      createLogger('error', () => {}),
    );
    await expect(rateLimit('caller:a')).rejects.toBeInstanceOf(TypeError);
  });
});

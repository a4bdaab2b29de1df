import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REDIS_SERVER, startRedis, warnIfNoRedis, type RedisServer } from '../support/redis.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * Contact reads shared between requests (`src/sfmc/read-batcher.ts`): concurrent requests' reads
 * batched into one attributes search per 50 contacts, a read joining a search on its way, and the
 * optional read cache with its invalidation by this service's own writes. Over loopback, counted in
 * the emulator's call log.
 */

warnIfNoRedis('test/integration/read-sharing.test.ts');

const SEARCH = '/contacts/v1/attributes/search';
const KEY = 'acruz@example.com';
const searches = (stack: Stack) => stack.emulator.callCount('POST', SEARCH);

const entities = (keys: readonly string[]) =>
  `{ _entities(representations: [${keys.map((k) => `{ __typename: "Contact", contactKey: "${k}" }`).join(', ')}])
     { ... on Contact { contactKey } } }`;

const readName = `{ contact(contactKey: "${KEY}") { emailDemographics { firstName } } }`;
const setName = (firstName: string) =>
  `mutation { updateContact(input: { contactKey: "${KEY}", emailDemographics: { firstName: "${firstName}" } }) { operationStatus } }`;

async function ok(stack: Stack, query: string): Promise<Record<string, unknown>> {
  const res = await stack.post({ query });
  expect(res.errors).toBeUndefined();
  expect(res.status).toBe(200);
  return res.data as Record<string, unknown>;
}

describe('reads shared between requests', () => {
  let stack: Stack;
  // A window far longer than five local requests take to arrive: what is asserted is the count, not the timing.
  beforeAll(async () => {
    stack = await startStack({ env: { SFMC_READ_BATCH_WINDOW_MS: '300' } });
    await ok(stack, setName('Ana'));
  });
  afterAll(() => stack.close());
  beforeEach(() => {
    stack.emulator.calls.length = 0;
  });

  it('5 concurrent requests for 200 distinct contacts cost one search per 50 contacts', async () => {
    const keys = Array.from({ length: 200 }, (_, i) => `batch-${i}@example.com`);
    const requests = Array.from({ length: 5 }, (_, r) => keys.slice(r * 40, r * 40 + 40));
    const answers = await Promise.all(requests.map((part) => ok(stack, entities(part))));
    for (const answer of answers) expect(answer._entities).toHaveLength(40);
    expect(searches(stack)).toBeLessThanOrEqual(Math.ceil(keys.length / 50));
  });

  it('concurrent requests for the same contacts share one search, each answered in full', async () => {
    const keys = [KEY, ...Array.from({ length: 9 }, (_, i) => `same-${i}@example.com`)];
    const answers = await Promise.all(Array.from({ length: 5 }, () => ok(stack, entities(keys))));
    for (const answer of answers) {
      expect(answer._entities).toEqual([{ contactKey: KEY }, ...keys.slice(1).map(() => null)]);
    }
    expect(searches(stack)).toBe(1);
  });
});

describe('a read joins a search on its way', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { SFMC_READ_BATCH_WINDOW_MS: '0' } });
    await ok(stack, setName('Ana'));
  });
  afterAll(() => stack.close());

  it('a second identical read sent while the first search waits for SFMC costs nothing more', async () => {
    stack.emulator.calls.length = 0;
    stack.emulator.setLatency(400);
    try {
      const first = ok(stack, readName);
      // Sent once the first request's search is at SFMC: a new window, but the same contact and groups.
      for (let i = 0; i < 200 && stack.emulator.stats().inFlight === 0; i += 1) await sleep(5);
      expect(stack.emulator.stats().inFlight).toBeGreaterThan(0);
      const second = ok(stack, readName);
      const both = await Promise.all([first, second]);
      expect(both[0]).toEqual({ contact: { emailDemographics: { firstName: 'Ana' } } });
      expect(both[1]).toEqual(both[0]);
      expect(searches(stack)).toBe(1);
    } finally {
      stack.emulator.setLatency(0);
    }
  });

  it('a read that joined a search whose requests all went away asks again, and is answered', async () => {
    stack.emulator.setLatency(300);
    try {
      const gone = new AbortController();
      const first = request(`${stack.app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: readName }),
        signal: gone.signal,
      }).catch(() => undefined);
      for (let i = 0; i < 200 && stack.emulator.stats().inFlight === 0; i += 1) await sleep(5);
      const second = ok(stack, readName);
      // Once the second read has joined the first one's search.
      await sleep(50);
      gone.abort();
      await first;
      expect(await second).toEqual({ contact: { emailDemographics: { firstName: 'Ana' } } });
      // The abandoned search is still answered (and logged) by SFMC: not in the next test's count.
      while (stack.emulator.stats().inFlight > 0) await sleep(5);
    } finally {
      stack.emulator.setLatency(0);
    }
  });

  it('a read that asks for more groups than the search on its way does not join it', async () => {
    stack.emulator.calls.length = 0;
    stack.emulator.setLatency(300);
    try {
      const first = ok(stack, `{ contact(contactKey: "${KEY}") { contactKey } }`);
      for (let i = 0; i < 200 && stack.emulator.stats().inFlight === 0; i += 1) await sleep(5);
      const second = await ok(stack, readName);
      expect(second).toEqual({ contact: { emailDemographics: { firstName: 'Ana' } } });
      await first;
      expect(searches(stack)).toBe(2);
    } finally {
      stack.emulator.setLatency(0);
    }
  });
});

/** What the cache must do, on whichever store the stack was started with. */
function cacheBehaviour(start: () => Promise<Stack>) {
  let stack: Stack;
  beforeAll(async () => {
    stack = await start();
    await ok(stack, setName('Ana'));
  });
  afterAll(() => stack.close());

  it('serves a second read of the same groups from the cache, and asks SFMC for a group not cached', async () => {
    await ok(stack, setName('Ana'));
    stack.emulator.calls.length = 0;
    expect(await ok(stack, readName)).toEqual({ contact: { emailDemographics: { firstName: 'Ana' } } });
    expect(await ok(stack, readName)).toEqual({ contact: { emailDemographics: { firstName: 'Ana' } } });
    expect(searches(stack)).toBe(1);
    await ok(stack, `{ contact(contactKey: "${KEY}") { emailAddresses { emailAddress } } }`);
    expect(searches(stack)).toBe(2);
  });

  it('holds what this service writes: a reload after a save asks SFMC nothing and shows the save', async () => {
    await ok(stack, readName);
    stack.emulator.calls.length = 0;
    await ok(stack, setName('Beatriz'));
    expect(await ok(stack, readName)).toEqual({ contact: { emailDemographics: { firstName: 'Beatriz' } } });
    expect(searches(stack)).toBe(0);
  });

  it('drops a many-rows group this service writes: the next read asks SFMC and sees the write', async () => {
    const readAddresses = `{ contact(contactKey: "${KEY}") { emailAddresses { emailAddress } } }`;
    await ok(stack, readAddresses);
    stack.emulator.calls.length = 0;
    const address = `cached.${process.pid}@example.com`;
    await ok(
      stack,
      `mutation { updateContact(input: { contactKey: "${KEY}", emailAddresses: [{ emailAddress: "${address}" }] }) { operationStatus } }`,
    );
    const after = (await ok(stack, readAddresses)) as { contact: { emailAddresses: unknown[] } };
    expect(after.contact.emailAddresses).toContainEqual({ emailAddress: address });
    expect(searches(stack)).toBe(1);
  });
}

describe('the read cache, in memory', () => {
  cacheBehaviour(() => startStack({ env: { SFMC_READ_CACHE_TTL_SECONDS: '60' } }));
});

describe.skipIf(!REDIS_SERVER)('the read cache, on Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  cacheBehaviour(() =>
    startStack({
      env: { SFMC_READ_CACHE_TTL_SECONDS: '60', REDIS_URL: redis.url, REDIS_KEY_PREFIX: `read-cache-${process.pid}:` },
    }),
  );
});

describe('without SFMC_READ_CACHE_TTL_SECONDS', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    await ok(stack, setName('Ana'));
  });
  afterAll(() => stack.close());

  it('caches nothing: every request reads SFMC', async () => {
    stack.emulator.calls.length = 0;
    await ok(stack, readName);
    await ok(stack, readName);
    expect(searches(stack)).toBe(2);
  });
});

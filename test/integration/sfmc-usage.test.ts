import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_VARIABLES } from '../../src/server/graphiql-example.js';
import { ContactDocument, MeDocument, UpdateContactDocument } from '../__generated__/graphql.js';
import { AUTH_ENV, signToken } from '../support/jwt.js';
import { REDIS_SERVER, startRedis, warnIfNoRedis, type RedisServer } from '../support/redis.js';
import { startStack, type Stack, type StackOptions } from '../support/stack.js';

/**
 * The quota made visible (issue 19 §2): every SFMC call the tenant pays for is counted by route, operation and
 * caller (`sfmc_calls_total`), per request for admins (`extensions.sfmc`), per day and month against
 * SFMC_CALL_ALLOWANCE (`Query.sfmcUsage`, the gauge, the warnings), shared through Redis; a spent day may refuse reads.
 */
warnIfNoRedis('test/integration/sfmc-usage.test.ts');

const KEY = 'acruz@example.com';
const USAGE = `query Usage {
  sfmcUsage {
    cost used limit remaining resetAt policy
    today { used limit remaining startedAt resetAt }
    thisMonth { used limit remaining startedAt resetAt }
    projection { today thisMonth withinAllowance }
  }
}`;

interface Usage {
  cost: number;
  used: number;
  limit: number | null;
  remaining: number | null;
  resetAt: string;
  policy: string;
  today: { used: number; limit: number | null; remaining: number | null; startedAt: string; resetAt: string };
  thisMonth: { used: number; limit: number | null; remaining: number | null; startedAt: string; resetAt: string };
  projection: { today: number; thisMonth: number; withinAllowance: boolean | null };
}

const bearer = async (claims: Record<string, unknown>) => ({ authorization: `Bearer ${await signToken(claims)}` });

async function usageOf(stack: Stack, headers: Record<string, string>): Promise<Usage> {
  const result = await stack.post({ query: USAGE }, headers);
  expect(result.errors).toBeUndefined();
  return (result.data as { sfmcUsage: Usage }).sfmcUsage;
}

/** The samples of `sfmc_calls_total` in a scrape, with their labels. */
async function callSamples(stack: Stack): Promise<{ labels: Record<string, string>; value: number }[]> {
  const text = await (await request(stack.app.metricsUrl!)).body.text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('sfmc_calls_total{'))
    .map((line) => {
      const labels = Object.fromEntries([...line.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      return { labels, value: Number(line.split(' ').pop()) };
    });
}

/** Sum of `sfmc_calls_total` over the samples whose labels include `match`. */
async function callsCounted(stack: Stack, match: Record<string, string>): Promise<number> {
  const samples = await callSamples(stack);
  return samples
    .filter(({ labels }) => Object.entries(match).every(([name, value]) => labels[name] === value))
    .reduce((sum, { value }) => sum + value, 0);
}

async function gauge(stack: Stack, name: string): Promise<number | undefined> {
  const text = await (await request(stack.app.metricsUrl!)).body.text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

/** Polls until `check` holds (the ledger's counts are written after the response), failing after a few seconds. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`Never happened: ${what}`);
}

const withAuth = (env: Record<string, string> = {}, options: StackOptions = {}) =>
  startStack({ ...options, env: { ...AUTH_ENV, ...env } });

describe('SFMC calls made visible', () => {
  let stack: Stack;
  let admin: Record<string, string>;
  let self: Record<string, string>;

  beforeAll(async () => {
    stack = await withAuth({ SFMC_CALL_ALLOWANCE: '2000000/year' });
    admin = await bearer({ sub: 'back-office', scope: 'contacts:write' });
    self = await bearer({ sub: KEY });
  });
  afterAll(() => stack.close());

  it("counts in the ledger exactly the calls in the emulator's log, token requests included", async () => {
    await stack.graphql(ContactDocument, { contactKey: KEY }, admin);
    await stack.graphql(UpdateContactDocument, SEED_VARIABLES, admin);
    await stack.graphql(MeDocument, {}, self);
    await stack.graphql(ContactDocument, { contactKey: 'nobody@example.com' }, admin);
    const logged = stack.emulator.calls.length;
    expect(logged).toBeGreaterThanOrEqual(5);
    expect(stack.emulator.callCount('POST', '/v2/token')).toBe(1);
    const usage = await usageOf(stack, admin);
    expect(usage.used).toBe(logged);
    expect(usage.today.used).toBe(logged);
    expect(usage.thisMonth.used).toBe(logged);
    expect(usage.cost).toBe(0); // the usage query itself calls nothing
    expect(stack.emulator.calls.length).toBe(logged);
  });

  it('tells an admin caller the calls of its request in extensions.sfmc, and no one else', async () => {
    const fresh = await withAuth();
    try {
      const before = fresh.emulator.calls.length;
      const first = await fresh.graphql(ContactDocument, { contactKey: KEY }, admin);
      // The first request fetched the token: two exchanges, one a token request.
      expect(first.extensions).toEqual({ sfmc: { calls: 2, tokenRequests: 1 } });
      expect(fresh.emulator.calls.length - before).toBe(2);
      const update = await fresh.graphql(UpdateContactDocument, SEED_VARIABLES, admin);
      expect(update.extensions).toEqual({ sfmc: { calls: 1, tokenRequests: 0 } });
      const none = await fresh.post({ query: '{ attributeGroups { name } }' }, admin);
      expect(none.extensions).toEqual({ sfmc: { calls: 0, tokenRequests: 0 } });
      const own = await fresh.graphql(MeDocument, {}, self);
      expect(own.data?.me?.contactKey).toBe(KEY);
      expect(own.extensions).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });

  it('counts sfmc_calls_total by endpoint, operation and caller class', async () => {
    const fresh = await withAuth();
    try {
      await fresh.post({ query: 'query AdminRead { contact(contactKey: "acruz@example.com") { contactKey } }' }, admin);
      await fresh.post({ query: 'query OwnRead { me { contactKey } }' }, self);
      await fresh.post(
        {
          query: 'mutation Save($input: UpdateContactInput!) { updateContact(input: $input) { operationStatus } }',
          variables: SEED_VARIABLES,
        },
        admin,
      );
      expect(await callsCounted(fresh, { endpoint: 'token', operation: 'AdminRead', caller: 'admin' })).toBe(1);
      expect(await callsCounted(fresh, { endpoint: 'searchAttributes', operation: 'AdminRead', caller: 'admin' })).toBe(1);
      expect(await callsCounted(fresh, { endpoint: 'searchAttributes', operation: 'OwnRead', caller: 'self-service' })).toBe(1);
      expect(await callsCounted(fresh, { endpoint: 'updateContact', operation: 'Save', caller: 'admin' })).toBe(1);
      expect(await callsCounted(fresh, {})).toBe(fresh.emulator.calls.length);
    } finally {
      await fresh.close();
    }
  });

  it('counts anonymous callers as such where authentication is off', async () => {
    const open = await startStack();
    try {
      await open.post({ query: '{ contact(contactKey: "acruz@example.com") { contactKey } }' });
      expect(await callsCounted(open, { caller: 'anonymous', operation: 'anonymous' })).toBe(open.emulator.calls.length);
      // With authentication off, the usage is everyone's to read (as the SDL is); extensions stay for admin tokens.
      const usage = await open.post({ query: '{ sfmcUsage { used limit remaining } }' });
      expect(usage.data).toEqual({ sfmcUsage: { used: open.emulator.calls.length, limit: null, remaining: null } });
      expect(usage.extensions).toBeUndefined();
    } finally {
      await open.close();
    }
  });

  it('answers sfmcUsage to admins with the allowance, the projection and when the day resets', async () => {
    const usage = await usageOf(stack, admin);
    const now = new Date();
    const midnight = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();
    const days = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
    expect(usage).toMatchObject({
      limit: 5479, // 2,000,000 a year over 365 days
      remaining: 5479 - usage.used,
      resetAt: midnight,
      policy: 'SERVE_ALL',
      today: { limit: 5479, remaining: 5479 - usage.used, resetAt: midnight },
      thisMonth: { limit: 5479 * days, remaining: 5479 * days - usage.thisMonth.used },
    });
    expect(usage.thisMonth.startedAt).toBe(`${now.toISOString().slice(0, 7)}-01T00:00:00.000Z`);
    expect(Date.parse(usage.today.resetAt) - Date.parse(usage.today.startedAt)).toBe(86_400_000);
    expect(usage.projection.today).toBeGreaterThanOrEqual(usage.used);
    expect(usage.projection.thisMonth).toBeGreaterThanOrEqual(usage.thisMonth.used);
    expect(usage.projection.withinAllowance).toBe(usage.projection.thisMonth <= 5479 * days);
    expect(await gauge(stack, 'sfmc_calls_remaining_today')).toBe(5479 - usage.used);
  });

  it('refuses sfmcUsage to self-service callers', async () => {
    const result = await stack.post({ query: USAGE }, self);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('warns in the log at 80 % and 95 % of the daily allowance, once each', async () => {
    // 20 a day: the warnings at 16 and 19 calls; each contact read is one search (the first, a token request too).
    const small = await withAuth({ SFMC_CALL_ALLOWANCE: '20/day' });
    try {
      const warnings = () => small.logs.filter((line) => line.event === 'sfmc.allowance');
      for (let i = 0; i < 14; i += 1) await small.graphql(ContactDocument, { contactKey: KEY }, admin);
      expect(small.emulator.calls.length).toBe(15);
      expect(warnings()).toEqual([]);
      await small.graphql(ContactDocument, { contactKey: KEY }, admin);
      await eventually(async () => warnings().length === 1, 'the 80 % warning');
      expect(warnings()[0]).toMatchObject({ level: 'warn', percent: 80, used: 16, limit: 20, policy: 'serve-all' });
      for (let i = 0; i < 6; i += 1) await small.graphql(ContactDocument, { contactKey: KEY }, admin);
      await eventually(async () => warnings().length === 2, 'the 95 % warning');
      expect(warnings()[1]).toMatchObject({ percent: 95, used: 19, limit: 20 });
      // Past the allowance with serve-all: still served, no further warning.
      expect((await small.graphql(ContactDocument, { contactKey: KEY }, admin)).data?.contact?.contactKey).toBe(KEY);
      expect(warnings()).toHaveLength(2);
      expect(await gauge(small, 'sfmc_calls_remaining_today')).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('with refuse-reads, refuses reads once the day is spent and still sends updates with their read-backs', async () => {
    const strict = await withAuth({ SFMC_CALL_ALLOWANCE: '3/day', SFMC_BUDGET_POLICY: 'refuse-reads' });
    try {
      // A token request and two searches spend the day.
      await strict.graphql(ContactDocument, { contactKey: KEY }, admin);
      await strict.graphql(ContactDocument, { contactKey: KEY }, admin);
      expect(strict.emulator.calls.length).toBe(3);
      await eventually(async () => (await usageOf(strict, admin)).remaining === 0, 'the day spent');
      const refused = await strict.graphql(ContactDocument, { contactKey: KEY }, admin);
      expect(refused.data).toEqual({ contact: null });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'SFMC_BUDGET_SPENT', retryable: true, limit: 3 });
      expect(strict.emulator.calls.length).toBe(3); // not sent
      const update = await strict.post(
        {
          query:
            'mutation Save($input: UpdateContactInput!) { updateContact(input: $input) { operationStatus contact { contactKey } } }',
          variables: SEED_VARIABLES,
        },
        admin,
      );
      // The update and its read-back are sent; the update is what the allowance is kept for.
      expect(update.errors).toBeUndefined();
      expect(update.data).toEqual({ updateContact: { operationStatus: 'OK', contact: { contactKey: KEY } } });
      expect(strict.emulator.callCount('PATCH', '/contacts/v1/contacts')).toBe(1);
      expect((await usageOf(strict, admin)).policy).toBe('REFUSE_READS');
    } finally {
      await strict.close();
    }
  });
});

describe.skipIf(!REDIS_SERVER)('SFMC calls counted across instances on Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('adds up the calls of two instances in one day and one month', async () => {
    const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: `usage-${process.pid}:`, SFMC_CALL_ALLOWANCE: '100/day' };
    const [one, two] = await Promise.all([withAuth(env), withAuth(env)]);
    try {
      const admin = await bearer({ sub: 'back-office', scope: 'contacts:write' });
      await one.graphql(ContactDocument, { contactKey: KEY }, admin);
      await two.graphql(ContactDocument, { contactKey: KEY }, admin);
      await two.graphql(UpdateContactDocument, SEED_VARIABLES, admin);
      const total = one.emulator.calls.length + two.emulator.calls.length;
      expect(total).toBe(5);
      await eventually(async () => (await usageOf(one, admin)).used === total, 'both instances counted');
      const usage = await usageOf(two, admin);
      expect(usage).toMatchObject({ used: total, remaining: 100 - total, thisMonth: { used: total } });
      expect(await gauge(one, 'sfmc_calls_remaining_today')).toBe(100 - total);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});

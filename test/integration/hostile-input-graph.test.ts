import { print } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { UpdateContactDocument } from '../__generated__/graphql.js';
import { AUTH_ENV, signToken } from '../support/jwt.js';
import { startStack, type GraphqlResponse, type Stack, type StackOptions } from '../support/stack.js';

/**
 * Hostile input against the graph itself (issue 15, items 3, 8 and 22), over loopback:
 * an entity batch too large to serve, a request that would spend SFMC's capacity on reads,
 * the subgraph SDL asked for by a caller who is not a gateway, and SFMC's Retry-After
 * carried to the caller. Each refusal is checked for its status, its code, and what SFMC saw.
 */

const KEY = 'acruz@example.com';
const UPDATE = print(UpdateContactDocument);
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Contact { contactKey } } }';
/** Yoga's own door: an `Accept` with parameters is negotiated by Yoga, not the hot path (`graphql-post.ts`). */
const VIA_YOGA = { accept: 'application/graphql-response+json; charset=utf-8' };

const representations = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: 'Contact', contactKey: `c${i}` }));

const searches = (stack: Stack) => stack.emulator.callCount('POST', '/contacts/v1/attributes/search');
const codeOf = (res: GraphqlResponse<unknown>) => res.errors?.[0]?.extensions?.code;

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function start(options: StackOptions = {}): Promise<Stack> {
  stack = await startStack(options);
  return stack;
}

/** Both doors: the hot path, then Yoga (the count of hot-path requests tells which answered). */
async function bothDoors(s: Stack, body: unknown, headers: Record<string, string> = {}) {
  const hot = s.app.hotPathRequests();
  const viaHotPath = await s.post(body, headers);
  expect(s.app.hotPathRequests()).toBe(hot + 1);
  const viaYoga = await s.post(body, { ...headers, ...VIA_YOGA });
  expect(s.app.hotPathRequests()).toBe(hot + 1);
  return [viaHotPath, viaYoga];
}

describe('entity fan-out (issue 15, item 3)', () => {
  it('refuses more than MAX_ENTITIES representations with TOO_MANY_ENTITIES before any SFMC call, at both doors', async () => {
    const s = await start();
    const before = s.emulator.calls.length;
    for (const res of await bothDoors(s, { query: ENTITIES, variables: { r: representations(101) } })) {
      expect(res.status).toBe(400);
      expect(res.data ?? null).toBeNull();
      expect(codeOf(res)).toBe('TOO_MANY_ENTITIES');
      expect(res.errors?.[0]?.extensions).toMatchObject({ retryable: false, maxEntities: 100 });
    }
    // Not a search, not even a token request.
    expect(s.emulator.calls.length).toBe(before);
  });

  it('counts every _entities field of the operation together: aliases, fragments and literals', async () => {
    const s = await start();
    const before = s.emulator.calls.length;
    const aliased = await s.post({
      query: `query($a: [_Any!]!, $b: [_Any!]!) {
        a: _entities(representations: $a) { __typename }
        ...More
      }
      fragment More on Query { b: _entities(representations: $b) { __typename } }`,
      variables: { a: representations(60), b: representations(41) },
    });
    expect([aliased.status, codeOf(aliased)]).toEqual([400, 'TOO_MANY_ENTITIES']);
    const literal = representations(101)
      .map((r) => `{ __typename: "Contact", contactKey: "${r.contactKey}" }`)
      .join(' ');
    const inline = await s.post({ query: `{ _entities(representations: [${literal}]) { __typename } }` });
    expect([inline.status, codeOf(inline)]).toEqual([400, 'TOO_MANY_ENTITIES']);
    expect(s.emulator.calls.length).toBe(before);
  });

  it('serves exactly MAX_ENTITIES representations, one attributes search per 50', async () => {
    const s = await start();
    const before = searches(s);
    const res = (await s.post({ query: ENTITIES, variables: { r: representations(100) } })) as GraphqlResponse<{
      _entities: unknown[];
    }>;
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toHaveLength(100);
    expect(searches(s) - before).toBe(2);
  });

  it("ten 1,300-representation requests send nothing and leave a concurrent caller's update untouched", async () => {
    // A small bulkhead, as in the incident: 26 searches per request used to fill it for seconds.
    const s = await start({ upstream: { concurrency: { max: 2, queue: 4 } } });
    s.emulator.setLatency(50);
    const before = searches(s);
    const body = { query: ENTITIES, variables: { r: representations(1_300) } };
    expect(JSON.stringify(body).length).toBeGreaterThan(50_000);
    const [update, ...reads] = await Promise.all([
      s.post({ query: UPDATE, variables: { input: { contactKey: KEY, emailDemographics: { firstName: 'Writes' } } } }),
      ...Array.from({ length: 10 }, () => s.post(body)),
    ]);
    for (const read of reads) expect([read.status, codeOf(read)]).toEqual([400, 'TOO_MANY_ENTITIES']);
    expect(update.errors).toBeUndefined();
    expect((update.data as { updateContact: { operationStatus: string } }).updateContact.operationStatus).toBe('OK');
    expect(searches(s) - before).toBe(0);
  });

  it('gives one request a budget of SFMC calls: a read past it is CALL_BUDGET_EXCEEDED and never sent', async () => {
    const s = await start({ env: { SFMC_CALLS_PER_REQUEST: '1', MAX_ENTITIES: '50' } });
    const before = s.emulator.calls.filter((c) => c.path !== '/v2/token').length;
    // The email search is the one call; reading the contacts it found would be the second.
    const res = await s.post({ query: `{ contactsByEmail(emailAddress: "${KEY}") { contactKey } }` });
    expect([res.status, codeOf(res)]).toEqual([400, 'CALL_BUDGET_EXCEEDED']);
    expect(res.errors?.[0]?.path).toEqual(['contactsByEmail']);
    expect(res.errors?.[0]?.extensions).toMatchObject({ retryable: false, limit: 1 });
    const made = s.emulator.calls.filter((c) => c.path !== '/v2/token').slice(before);
    expect(made.map((c) => c.path)).toEqual(['/contacts/v1/addresses/email/search']);
  });

  it('never refuses a write, nor the read-back that settles it: only the reads after it', async () => {
    const s = await start({ env: { SFMC_CALLS_PER_REQUEST: '1', MAX_ENTITIES: '50' } });
    // The PATCH's answer is lost: the read-back (a second call, past the budget) still settles it.
    s.emulator.injectFault({ route: 'updateContact', kind: { type: 'reset-after-processing' } });
    const res = (await s.post({
      query: `mutation($input: UpdateContactInput!) {
        updateContact(input: $input) { operationStatus verification contact { contactKey } }
      }`,
      variables: { input: { contactKey: KEY, emailDemographics: { firstName: 'Budgeted' } } },
    })) as GraphqlResponse<{ updateContact: { operationStatus: string; verification: string; contact: unknown } }>;
    expect(res.status).toBe(200);
    expect(res.data?.updateContact).toEqual({ operationStatus: 'OK', verification: 'READ_BACK', contact: null });
    // The payload's contact is a plain read: past the budget, refused, next to the applied update.
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['updateContact', 'contact'], 'CALL_BUDGET_EXCEEDED'],
    ]);
    expect(s.emulator.getContact(KEY)?.attributeSets['Email Demographics']?.[0]?.['First Name']).toBe('Budgeted');
  });

  it('refuses a configuration whose budget cannot serve a full entity batch', async () => {
    await expect(startStack({ env: { MAX_ENTITIES: '101', SFMC_CALLS_PER_REQUEST: '2' } })).rejects.toThrow(
      /SFMC_CALLS_PER_REQUEST must be at least one call per 50 MAX_ENTITIES/,
    );
  });
});

describe('the subgraph SDL in production (issue 15, item 8)', () => {
  const SDL = { query: '{ _service { sdl } }' };
  const bearer = async (claims: Record<string, unknown>) => ({ authorization: `Bearer ${await signToken(claims)}` });

  it('serves _service only to admin callers; a self-service caller gets FORBIDDEN, a stranger UNAUTHENTICATED', async () => {
    const s = await start({ env: { NODE_ENV: 'production', ...AUTH_ENV } });
    const before = s.emulator.calls.length;
    const self = await bearer({ sub: KEY });
    for (const res of await bothDoors(s, SDL, self)) {
      expect([res.status, codeOf(res)]).toEqual([403, 'FORBIDDEN']);
      expect(JSON.stringify(res)).not.toContain('@key');
    }
    const anonymous = await s.post(SDL);
    expect([anonymous.status, codeOf(anonymous)]).toEqual([401, 'UNAUTHENTICATED']);
    const admin = await s.post(SDL, await bearer({ sub: 'gateway', scope: 'contacts:write' }));
    expect(admin.status).toBe(200);
    expect((admin.data as { _service: { sdl: string } })._service.sdl).toBe(s.app.sdl);
    expect(s.emulator.calls.length).toBe(before);
  });

  it('with AUTH_MODE=off (a gateway that authenticates in front), serves it: every caller is trusted there', async () => {
    const s = await start({ env: { NODE_ENV: 'production', AUTH_MODE: 'off' } });
    const res = await s.post(SDL);
    expect(res.status).toBe(200);
    expect((res.data as { _service: { sdl: string } })._service.sdl).toBe(s.app.sdl);
  });

  it('where introspection is on (development), serves it to any caller, as introspection would', async () => {
    const s = await start({ env: AUTH_ENV });
    const res = await s.post(SDL, await bearer({ sub: KEY }));
    expect(res.status).toBe(200);
    expect((res.data as { _service: { sdl: string } })._service.sdl).toBe(s.app.sdl);
  });
});

describe("SFMC's Retry-After on 503 answers (issue 15, item 22)", () => {
  const update = (firstName: string) => ({
    query: UPDATE,
    variables: { input: { contactKey: KEY, emailDemographics: { firstName } } },
  });
  const THROTTLED = { message: 'Rate limit exceeded', errorcode: 50100 };

  it('UPSTREAM_RATE_LIMITED carries a Retry-After header as well as retryAfter, at both doors', async () => {
    const s = await start();
    // Longer than the request deadline: answered at once, not waited out.
    s.emulator.injectFault({
      route: 'updateContact',
      kind: { type: 'status', status: 429, headers: { 'retry-after': '30' }, body: THROTTLED },
      times: 2,
    });
    for (const res of await bothDoors(s, update('Never'))) {
      expect([res.status, codeOf(res)]).toEqual([503, 'UPSTREAM_RATE_LIMITED']);
      expect(res.errors?.[0]?.extensions?.retryAfter).toBe(30);
      expect(res.headers['retry-after']).toBe('30');
    }
  });

  it('UPSTREAM_UNAVAILABLE from a read carries it too; without a Retry-After from SFMC there is none', async () => {
    const s = await start();
    const byEmail = { query: `{ contactsByEmail(emailAddress: "${KEY}") { contactKey } }` };
    s.emulator.injectFault({
      route: 'searchEmailAddresses',
      kind: { type: 'status', status: 503, headers: { 'retry-after': '45' } },
      times: 2,
    });
    for (const res of await bothDoors(s, byEmail)) {
      expect([res.status, codeOf(res)]).toEqual([503, 'UPSTREAM_UNAVAILABLE']);
      expect(res.headers['retry-after']).toBe('45');
    }
    s.emulator.injectFault({ route: 'searchEmailAddresses', kind: { type: 'status', status: 503 } });
    const bare = await s.post(byEmail);
    expect([bare.status, codeOf(bare)]).toEqual([503, 'UPSTREAM_UNAVAILABLE']);
    expect(bare.headers['retry-after']).toBeUndefined();
  });
});

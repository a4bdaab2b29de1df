import { Readable } from 'node:stream';
import { print } from 'graphql';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_VARIABLES } from '../../src/server/graphiql-example.js';
import { responseMediaType } from '../../src/server/graphql-post.js';
import { UpdateContactDocument } from '../__generated__/graphql.js';
import { AUTH_ENV, signToken } from '../support/jwt.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * JSON POSTs take the hot path (`src/server/graphql-post.ts`); the same request with an
 * `Origin` header, or sent chunked (no Content-Length), is served by Yoga itself. A hot-path
 * request for a document validated before runs as a prepared operation, without Yoga's pipeline
 * (`prepared-operations.ts`). Every request here goes every way and must get the same status,
 * headers and body.
 */

const UPDATE = print(UpdateContactDocument);
// Headers whose value differs per response; their presence is still compared.
const VOLATILE_HEADERS = new Set(['x-request-id', 'date']);
// Ids that differ per request: the request id and the emulator's message ids.
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

type Route = 'hot path' | 'prepared' | 'yoga (origin)' | 'yoga (chunked)';

async function send(stack: Stack, route: Route, body: string | Buffer, headers: Record<string, string>) {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const servedBefore = stack.app.hotPathRequests();
  const preparedBefore = stack.app.preparedRequests();
  const res = await request(`${stack.app.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...headers,
      ...(route === 'yoga (origin)' ? { origin: 'https://elsewhere.example' } : {}),
    },
    body: route === 'yoga (chunked)' ? Readable.from([bytes]) : bytes,
    reset: true,
  });
  const text = (await res.body.text()).replace(UUID, '<uuid>');
  // Each request took the route it was sent for (otherwise the comparison compares Yoga with itself).
  expect(stack.app.hotPathRequests() - servedBefore).toBe(route === 'hot path' || route === 'prepared' ? 1 : 0);
  if (route === 'prepared') expect(stack.app.preparedRequests() - preparedBefore).toBe(1);
  const compared = Object.fromEntries(
    Object.entries(res.headers)
      .map(([name, value]) => [name, VOLATILE_HEADERS.has(name) ? '<volatile>' : value] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return { status: res.statusCode, headers: compared, body: text, requestId: res.headers['x-request-id'] };
}

describe('the hot path answers as Yoga does', () => {
  let stack: Stack;
  let admin: string;
  beforeAll(async () => {
    stack = await startStack({
      // The test client is on loopback: a trusted proxy here, so a forwarded x-request-id is adopted.
      env: { ...AUTH_ENV, NODE_ENV: 'production', MAX_DEPTH: '4', TRUSTED_PROXIES: 'loopback' },
      emulator: { unknownContact: 'create' },
    });
    admin = `Bearer ${await signToken({ sub: 'ops@example.com', scope: 'contacts:write' })}`;
    // The token is fetched once, here: every door's answer then tells an admin the same SFMC calls (extensions.sfmc).
    await stack.post({ query: '{ contact(contactKey: "acruz@example.com") { contactKey } }' }, { authorization: admin });
  });
  afterAll(() => stack.close());

  const json = (value: unknown) => JSON.stringify(value);
  // Each door's update changes a value, so each is answered rowsAffected 1 (an update that changes nothing is 0).
  let edits = 0;
  const seedUpdate = () => {
    const { input } = SEED_VARIABLES;
    const emailDemographics = { ...input.emailDemographics, firstName: `Angela ${(edits += 1)}` };
    return json({ query: UPDATE, variables: { input: { ...input, emailDemographics } } });
  };
  const cases: [string, () => string | Buffer, Record<string, string>?][] = [
    ['the seed mutation', seedUpdate],
    [
      'the seed mutation, accepting application/graphql-response+json',
      seedUpdate,
      { accept: 'application/graphql-response+json' },
    ],
    ['the seed mutation, accepting */*', seedUpdate, { accept: '*/*' }],
    ['no bearer token', () => json({ query: UPDATE, variables: SEED_VARIABLES }), { authorization: '' }],
    [
      'a malformed Authorization header',
      () => json({ query: UPDATE, variables: SEED_VARIABLES }),
      { authorization: 'Basic abc' },
    ],
    ['a syntax error', () => json({ query: 'mutation {' })],
    // Authentication comes before parsing and validation: without a token, a bad document is a 401 like a good one.
    ['a syntax error, no bearer token', () => json({ query: 'mutation {' }), { authorization: '' }],
    ['an unknown field, no bearer token', () => json({ query: '{ nope }' }), { authorization: '' }],
    ['an unknown field, an invalid token', () => json({ query: '{ nope }' }), { authorization: 'Bearer not.a.jwt' }],
    ['an unknown field', () => json({ query: '{ nope }' }), { accept: 'application/graphql-response+json' }],
    ['an unknown field, accepting application/json', () => json({ query: '{ nope }' }), { accept: 'application/json' }],
    [
      'too deep',
      () => json({ query: '{ contact(contactKey: "a") { contactKey emailAddresses { emailAddress { __typename } } } }' }),
    ],
    ['introspection in production', () => json({ query: '{ __schema { types { name } } }' })],
    [
      'two writes in one operation',
      () =>
        json({
          query:
            'mutation { a: updateContact(input: {contactKey: "a"}) { operationStatus } b: updateContact(input: {contactKey: "b"}) { operationStatus } }',
        }),
    ],
    ['a variable of the wrong type', () => json({ query: UPDATE, variables: { input: { contactKey: 42 } } })],
    [
      'an input with several problems (INVALID, userErrors)',
      () => json({ query: UPDATE, variables: { input: { contactKey: ' ', emailAddresses: [{ emailAddress: 'nope' }] } } }),
      { accept: 'application/graphql-response+json' },
    ],
    ['an unknown body parameter', () => json({ query: '{ __typename }', extra: 1 })],
    ['no query', () => json({ variables: {} })],
    ['a query that is not a string', () => json({ query: 1 })],
    ['variables that are not an object', () => json({ query: '{ __typename }', variables: 'x' })],
    ['a batch', () => json([{ query: '{ __typename }' }])],
    ['invalid JSON', () => '{"query":'],
    ['JSON null', () => 'null'],
    ['a JSON string', () => '"query"'],
    ['a lone surrogate', () => '{"query":"{ __typename }","variables":{"x":"\\ud800"}}'],
    ['invalid UTF-8', () => Buffer.concat([Buffer.from('{"query":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])],
  ];

  // The cases whose document passed validation before (the rest are refused before or by it): they run prepared.
  const prepared = new Set([
    'the seed mutation',
    'the seed mutation, accepting application/graphql-response+json',
    'the seed mutation, accepting */*',
    'no bearer token',
    'a malformed Authorization header',
    'a variable of the wrong type',
    'an input with several problems (INVALID, userErrors)',
  ]);

  it.each(cases)('%s', async (name, body, headers = {}) => {
    const withAuth = { authorization: admin, ...headers };
    if (withAuth.authorization === '') delete (withAuth as Record<string, string>).authorization;
    const hot = await send(stack, 'hot path', body(), withAuth);
    const viaOrigin = await send(stack, 'yoga (origin)', body(), withAuth);
    const chunked = await send(stack, 'yoga (chunked)', body(), withAuth);
    const { requestId, ...answer } = hot;
    expect(requestId).toMatch(UUID);
    expect({ ...viaOrigin, requestId: undefined }).toEqual({ ...answer, requestId: undefined });
    expect({ ...chunked, requestId: undefined }).toEqual({ ...answer, requestId: undefined });
    // Sent again, a document that passed validation runs prepared: the same answer.
    const before = stack.app.preparedRequests();
    const again = await send(stack, 'hot path', body(), withAuth);
    expect({ ...again, requestId: undefined }).toEqual({ ...answer, requestId: undefined });
    expect(stack.app.preparedRequests() - before).toBe(prepared.has(name) ? 1 : 0);
  });

  it.each(['application/graphql-response+json', 'application/json'])(
    'an applied update whose read-back fails: 200 with the data and the field error (%s)',
    async (accept) => {
      const body = json({
        query: `mutation { updateContact(input: { contactKey: "acruz@example.com", emailDemographics: { firstName: "Read" } }) {
          operationStatus contact { contactKey } } }`,
      });
      const answers = [];
      for (const route of ['hot path', 'prepared', 'yoga (origin)', 'yoga (chunked)'] as const) {
        // A 400 is not resent, and a working SFMC's refusal does not count towards the circuit breaker.
        stack.emulator.injectFault({ route: 'searchAttributes', kind: { type: 'status', status: 400 } });
        const { requestId: _id, ...answer } = await send(stack, route, body, { authorization: admin, accept });
        answers.push(answer);
      }
      expect(answers[0]?.status).toBe(200);
      expect(JSON.parse(answers[0]!.body)).toMatchObject({
        data: { updateContact: { operationStatus: 'OK', contact: null } },
        errors: [{ path: ['updateContact', 'contact'], extensions: { code: 'UPSTREAM_REJECTED' } }],
      });
      for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
    },
  );

  const updatesCounted = async () => {
    const metrics = await (await request(stack.app.metricsUrl as string)).body.text();
    const sample = /^graphql_requests_total\{[^}]*operation_name="UpdateContact"[^}]*outcome="OK"[^}]*\} (\d+)$/m.exec(metrics);
    return Number(sample?.[1] ?? 0);
  };

  it.each<Route>(['hot path', 'prepared', 'yoga (origin)', 'yoga (chunked)'])(
    'adopts a forwarded x-request-id, in the header and the log line (%s)',
    async (route) => {
      const forwarded = `gateway-${route.replace(/\W/g, '-')}-0001`;
      const before = stack.logs.length;
      const res = await send(stack, route, json({ query: '{ __typename }' }), {
        authorization: admin,
        'x-request-id': forwarded,
      });
      expect(res.requestId).toBe(forwarded);
      const lines = stack.logs.slice(before).filter((l) => l.event === 'graphql.request');
      expect(lines).toEqual([expect.objectContaining({ requestId: forwarded, status: 200, outcome: 'OK' })]);
    },
  );

  it.each<Route>(['hot path', 'prepared', 'yoga (origin)', 'yoga (chunked)'])(
    'logs and counts a request exactly once (%s)',
    async (route) => {
      const before = { lines: stack.logs.length, counted: await updatesCounted() };
      const res = await send(stack, route, json({ query: UPDATE, variables: SEED_VARIABLES }), { authorization: admin });
      const lines = stack.logs.slice(before.lines).filter((l) => l.event === 'graphql.request');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ requestId: res.requestId, operation: 'UpdateContact', outcome: 'OK', status: 200 });
      expect(await updatesCounted()).toBe(before.counted + 1);
    },
  );

  it('replays an answer stored under an Idempotency-Key alike on every route', async () => {
    const body = json({ query: UPDATE, variables: SEED_VARIABLES });
    const headers = { authorization: admin, 'idempotency-key': 'parity-replay' };
    const first = await send(stack, 'hot path', body, headers);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const hot = await send(stack, 'prepared', body, headers);
    const viaOrigin = await send(stack, 'yoga (origin)', body, headers);
    const chunked = await send(stack, 'yoga (chunked)', body, headers);
    expect(hot.headers['idempotent-replayed']).toBe('true');
    // The answer as it was; what this request cost an admin is its own: a replay sends nothing.
    const { extensions, ...replayed } = JSON.parse(hot.body) as { extensions?: unknown };
    expect(extensions).toEqual({ sfmc: { calls: 0, tokenRequests: 0 } });
    expect(replayed).toEqual({ ...(JSON.parse(first.body) as object), extensions: undefined });
    expect({ ...viaOrigin, requestId: undefined }).toEqual({ ...hot, requestId: undefined });
    expect({ ...chunked, requestId: undefined }).toEqual({ ...hot, requestId: undefined });
  });
});

describe('which responses the hot path writes itself', () => {
  it.each([
    [undefined, 'application/json'],
    ['*/*', 'application/json'],
    ['application/json', 'application/json'],
    ['application/graphql-response+json', 'application/graphql-response+json'],
    ['application/graphql-response+json, application/json', 'application/graphql-response+json'],
    ['application/json, application/graphql-response+json', 'application/json'],
    ['text/html, application/*', 'application/json'],
    // Left to Yoga: parameters (q-values, charsets), and types a JSON response does not match.
    ['application/json;q=0.9', undefined],
    ['text/event-stream', undefined],
    ['', undefined],
  ])('Accept %s → %s', (accept, expected) => {
    expect(responseMediaType(accept)).toBe(expected);
  });
});

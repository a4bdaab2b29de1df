import { afterEach, describe, expect, it } from 'vitest';
import type { FaultKind } from '../../src/emulator/index.js';
import { PreviewUpdateContactDocument, UpdateContactDocument } from '../__generated__/graphql.js';
import { AUTH_ENV, signToken } from '../support/jwt.js';
import { startStack, UPSTREAM, type GraphqlResponse, type Stack } from '../support/stack.js';

/**
 * What a caller is told about an update, over loopback against the emulator: an applied
 * update is OK over HTTP 200 whatever happens to the contact read back after it (the
 * upstream fault catalogue injected on that read: a field error next to the data, never a
 * reason to hide the update), and a refused input is INVALID with every problem as data.
 */

const KEY = 'acruz@example.com';
const ERROR = { message: 'Something went wrong', errorcode: 0, documentation: '' };

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function start(): Promise<Stack> {
  stack = await startStack({
    upstream: {
      // Short waits for the stalled answers; the breaker stays out of it (each test's read fails on purpose).
      timeouts: { ...UPSTREAM.timeouts, headersMs: 300, bodyMs: 300, deadlineMs: 4_000 },
      breaker: { failures: 1_000, resetMs: 10_000 },
    },
  });
  return stack;
}

interface Payload {
  updateContact: { operationStatus: string; retryable: boolean; userErrors: unknown[]; contact: { contactKey: string } | null };
}

const UPDATE_AND_READ_BACK = `mutation Save($input: UpdateContactInput!) {
  updateContact(input: $input) { operationStatus retryable userErrors { field code message } contact { contactKey emailDemographics { firstName } } }
}`;

const save = (s: Stack, firstName: string, accept: string) =>
  s.post(
    { query: UPDATE_AND_READ_BACK, variables: { input: { contactKey: KEY, emailDemographics: { firstName } } } },
    { accept },
  ) as Promise<GraphqlResponse<Payload>>;

const firstName = (s: Stack) => s.emulator.getContact(KEY)?.attributeSets['Email Demographics']?.[0]?.['First Name'];

describe('an applied update whose read-back fails', () => {
  // Reads are resent after an ambiguous failure (SFMC_MAX_RETRIES = 2): `times` covers every attempt.
  const faults: [string, FaultKind, number, string][] = [
    ['500', { type: 'status', status: 500, body: ERROR }, 3, 'UPSTREAM_UNAVAILABLE'],
    ['502', { type: 'status', status: 502 }, 3, 'UPSTREAM_UNAVAILABLE'],
    ['503 without Retry-After', { type: 'status', status: 503 }, 3, 'UPSTREAM_UNAVAILABLE'],
    ['504', { type: 'status', status: 504 }, 3, 'UPSTREAM_UNAVAILABLE'],
    ['429 without Retry-After', { type: 'status', status: 429 }, 3, 'UPSTREAM_RATE_LIMITED'],
    [
      '429 with a Retry-After past the deadline',
      { type: 'status', status: 429, headers: { 'retry-after': '60' } },
      3,
      'UPSTREAM_RATE_LIMITED',
    ],
    ['401 twice (a token SFMC keeps refusing)', { type: 'status', status: 401, body: ERROR }, 2, 'UPSTREAM_AUTH_FAILED'],
    ['403 (missing scope)', { type: 'status', status: 403, body: ERROR }, 1, 'UPSTREAM_REJECTED'],
    ['400', { type: 'status', status: 400, body: ERROR }, 1, 'UPSTREAM_REJECTED'],
    ['a redirect', { type: 'status', status: 301, headers: { location: 'http://127.0.0.1:9/' } }, 1, 'UPSTREAM_UNAVAILABLE'],
    ['a connection reset before processing', { type: 'reset-before-processing' }, 3, 'UPSTREAM_UNAVAILABLE'],
    ['a connection reset after processing', { type: 'reset-after-processing' }, 3, 'UPSTREAM_UNAVAILABLE'],
    ['stalled headers', { type: 'stall-headers', ms: 2_000 }, 3, 'UPSTREAM_UNAVAILABLE'],
    ['a stalled body', { type: 'stall-body' }, 3, 'UPSTREAM_UNAVAILABLE'],
    ['a body that is not JSON', { type: 'malformed-body' }, 3, 'UPSTREAM_UNAVAILABLE'],
    ['an oversized body', { type: 'oversized-body', bytes: 20_000_000 }, 3, 'UPSTREAM_UNAVAILABLE'],
  ];

  it.each(faults)('%s: HTTP 200, OK, the read-back a field error with its code', async (_name, kind, times, code) => {
    const s = await start();
    for (const accept of ['application/graphql-response+json', 'application/json']) {
      const name = `Saved ${accept.length}`;
      s.emulator.injectFault({ route: 'searchAttributes', kind, times });
      const res = await save(s, name, accept);
      expect(res.status, accept).toBe(200);
      expect(res.data?.updateContact).toEqual({ operationStatus: 'OK', retryable: false, userErrors: [], contact: null });
      expect(res.errors).toHaveLength(1);
      expect(res.errors?.[0]).toMatchObject({ path: ['updateContact', 'contact'], extensions: { code } });
      // No HTTP status is left in the error for a client to misread.
      expect(res.errors?.[0]?.extensions?.http).toBeUndefined();
      expect(firstName(s)).toBe(name);
      s.emulator.clearFaults();
    }
    expect(s.emulator.callCount('PATCH', '/contacts/v1/contacts')).toBe(2);
  });
});

describe('an update that produced no data keeps its status', () => {
  it('a refused PATCH (403): data null, the error with its code and 502', async () => {
    const s = await start();
    s.emulator.injectFault({ route: 'updateContact', kind: { type: 'status', status: 403, body: ERROR } });
    const res = await save(s, 'Refused', 'application/graphql-response+json');
    expect(res.status).toBe(502);
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_REJECTED' });
  });

  it('errors GraphQL raises itself stay top-level: a variable of the wrong type is a 400', async () => {
    const s = await start();
    const res = await s.graphql(UpdateContactDocument, { input: { contactKey: 5 as unknown as string } });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(s.emulator.calls).toEqual([]);
  });
});

describe('a refused input, for a self-service caller', () => {
  it("reports someone else's contact, attributes off the allow-list and invalid values at once, as INVALID; nothing sent", async () => {
    stack = await startStack({ env: AUTH_ENV });
    const self = { authorization: `Bearer ${await signToken({ sub: KEY })}` };
    const input = {
      contactKey: 'someone-else@example.com',
      contactId: '12345678',
      emailAddresses: [{ emailAddress: 'not-an-address' }],
      emailDemographics: { firstName: 'Eve', lastName: ' ', extraAttributes: [{ name: 'Text Profile Attribute', value: 'x' }] },
    };
    const res = await stack.graphql(UpdateContactDocument, { input }, self);
    const preview = await stack.graphql(PreviewUpdateContactDocument, { input }, self);
    expect([res.status, preview.status]).toEqual([200, 200]);
    expect(res.errors).toBeUndefined();
    const payload = res.data!.updateContact;
    expect(payload).toMatchObject({ operationStatus: 'INVALID', retryable: false, contactKey: null });
    expect(payload.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['input.emailAddresses.0.emailAddress', 'INVALID_FORMAT'],
      ['input.emailDemographics.lastName', 'BLANK'],
      ['input.contactId', 'NOT_ALLOWED'],
      ['input.contactKey', 'NOT_ALLOWED'],
      ['input.emailAddresses', 'NOT_ALLOWED'],
      ['input.emailDemographics.extraAttributes.0', 'NOT_ALLOWED'],
    ]);
    expect(preview.data!.updateContactPreview).toMatchObject({ body: null, userErrors: payload.userErrors });
    expect(stack.emulator.calls).toEqual([]);
  });

  it("answers the same whether someone else's contact exists or not", async () => {
    stack = await startStack({ env: AUTH_ENV });
    const self = { authorization: `Bearer ${await signToken({ sub: 'mallory@example.com' })}` };
    const attempt = async (contactKey: string) => {
      const res = await stack!.graphql(
        UpdateContactDocument,
        { input: { contactKey, emailDemographics: { firstName: 'E' } } },
        self,
      );
      const { requestId: _id, ...rest } = res.data!.updateContact;
      return { status: res.status, errors: res.errors, payload: rest };
    };
    expect(await attempt(KEY)).toEqual(await attempt('nobody-at-all@example.com'));
  });

  it('without a token: UNAUTHENTICATED, a top-level 401 and no data', async () => {
    stack = await startStack({ env: AUTH_ENV });
    const res = await stack.graphql(UpdateContactDocument, { input: { contactKey: KEY, emailDemographics: { firstName: 'E' } } });
    expect(res.status).toBe(401);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

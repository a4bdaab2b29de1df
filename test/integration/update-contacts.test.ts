import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_ENV, signToken } from '../support/jwt.js';
import { startStack, type GraphqlResponse, type Stack } from '../support/stack.js';

/**
 * `updateContacts` end to end over loopback: one PATCH per contact against the emulator, whose
 * call log and load statistics say what SFMC received and how much of it at once.
 */

const UPDATE_CONTACTS = `mutation UpdateContacts($inputs: [UpdateContactInput!]!) {
  updateContacts(inputs: $inputs) {
    results { index operationStatus verification retryable contactKey userErrors { field code } messages { resultCode } contact { contactKey } }
    counts { ok fail unknown invalid notSent }
    userErrors { field code }
    requestId
  }
}`;

interface Item {
  index: number;
  operationStatus: string;
  verification: string | null;
  retryable: boolean;
  contactKey: string | null;
  userErrors: { field: string[]; code: string }[];
  messages: { resultCode: string | null }[];
  contact: { contactKey: string } | null;
}
interface Payload {
  results: Item[];
  counts: { ok: number; fail: number; unknown: number; invalid: number; notSent: number };
  userErrors: { field: string[]; code: string }[];
  requestId: string;
}
type Answer = GraphqlResponse<{ updateContacts: Payload }>;

const input = (contactKey: string, firstName: string) => ({ contactKey, emailDemographics: { firstName } });
const send = (stack: Stack, inputs: unknown[], headers: Record<string, string> = {}) =>
  stack.post({ query: UPDATE_CONTACTS, variables: { inputs } }, headers) as Promise<Answer>;
const patches = (stack: Stack) => stack.emulator.callCount('PATCH', '/contacts/v1/contacts');
const searches = (stack: Stack) => stack.emulator.callCount('POST', '/contacts/v1/attributes/search');
const firstName = (stack: Stack, key: string) =>
  stack.emulator.getContact(key)?.attributeSets['Email Demographics']?.[0]?.['First Name'];
const statuses = (payload: Payload | undefined) => payload?.results.map((r) => r.operationStatus);

describe('updateContacts: 50 contacts, one PATCH each, an outcome per contact', () => {
  let stack: Stack;
  beforeAll(async () => {
    // A bulkhead of 6: one batch keeps at most 3 PATCHes in flight.
    stack = await startStack({ upstream: { concurrency: { max: 6, queue: 200 } } });
    // New keys are created by the PATCH (SFMC's "create" behaviour), so 46 contacts need no seeding.
    stack.emulator.setOptions({ unknownContact: 'create' });
  });
  afterAll(() => stack.close());

  it('45 OK, 3 INVALID without a call, 1 FAIL, 1 lost answer settled by read-back (or UNKNOWN), in input order', async () => {
    const invalid = new Map<number, unknown>([
      [10, { emailDemographics: { firstName: 'No key' } }],
      [20, input('bulk-20@example.com', '   ')],
      [30, { contactKey: 'bulk-30@example.com', emailAddresses: [{ emailAddress: 'not an address' }] }],
    ]);
    const FAIL_AT = 49;
    const inputs = Array.from({ length: 50 }, (_, i) =>
      i === FAIL_AT
        ? { contactId: '987654321', emailDemographics: { firstName: 'Nobody' } }
        : (invalid.get(i) ?? input(`bulk-${i}@example.com`, `Bulk ${i}`)),
    );
    // The first PATCH to arrive (one of the first three sent) is applied and its answer lost.
    stack.emulator.injectFault({ route: 'updateContact', kind: { type: 'reset-after-processing' } });
    stack.emulator.setLatency(20);
    const before = patches(stack);
    const res = await send(stack, inputs);
    stack.emulator.setLatency(0);

    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    const payload = res.data?.updateContacts as Payload;
    expect(payload.results.map((r) => r.index)).toEqual(inputs.map((_, i) => i));
    expect(payload.userErrors).toEqual([]);

    // INVALID: refused before sending, each problem at its place in the list; 47 PATCHes for 47 valid inputs.
    expect(patches(stack) - before).toBe(47);
    for (const [index] of invalid) {
      const item = payload.results[index] as Item;
      expect(item).toMatchObject({ operationStatus: 'INVALID', retryable: false, contact: null });
      expect(item.userErrors.length).toBeGreaterThan(0);
      for (const e of item.userErrors) expect(e.field.slice(0, 2)).toEqual(['inputs', String(index)]);
    }
    expect(payload.results[FAIL_AT]).toMatchObject({ operationStatus: 'FAIL', retryable: false, contact: null });

    // The lost answer: read back (the PATCH was applied), or UNKNOWN when the read could not tell.
    const settled = payload.results.filter((r) => r.verification === 'READ_BACK' || r.operationStatus === 'UNKNOWN');
    expect(settled).toHaveLength(1);
    expect(settled[0]?.index).toBeLessThan(3);
    const byReadBack = settled[0]?.operationStatus === 'OK' ? 1 : 0;
    expect(payload.counts).toEqual({ ok: 45 + byReadBack, fail: 1, unknown: 1 - byReadBack, invalid: 3, notSent: 0 });

    for (const item of payload.results.filter((r) => r.operationStatus === 'OK')) {
      expect(item.contact?.contactKey).toBe(`bulk-${item.index}@example.com`);
      expect(firstName(stack, `bulk-${item.index}@example.com`)).toBe(`Bulk ${item.index}`);
    }
    // Never more of the batch in flight than half the bulkhead (the token call came before it).
    expect(stack.emulator.stats().maxInFlight).toBeLessThanOrEqual(3);
    expect(stack.logs.find((l) => l.requestId === payload.requestId)).toMatchObject({ outcome: 'MIXED' });
  });

  it("reads the payload's contacts in one batched search, past the request's call budget (writes never spend it)", async () => {
    const inputs = Array.from({ length: 12 }, (_, i) => input(`bulk-${i}@example.com`, `Again ${i}`));
    const before = searches(stack);
    const res = await send(stack, inputs);
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateContacts.counts).toEqual({ ok: 12, fail: 0, unknown: 0, invalid: 0, notSent: 0 });
    expect(res.data?.updateContacts.results.every((r) => r.contact?.contactKey === r.contactKey)).toBe(true);
    expect(searches(stack) - before).toBe(1);
  });

  it('refuses more than 50 inputs at once: TOO_MANY_UPDATES, nothing sent', async () => {
    const before = stack.emulator.calls.length;
    const res = await send(
      stack,
      Array.from({ length: 51 }, (_, i) => input(`bulk-${i}@example.com`, 'Too many')),
    );
    expect(res.status).toBe(200);
    expect(res.data?.updateContacts).toMatchObject({
      results: [],
      counts: { ok: 0, fail: 0, unknown: 0, invalid: 0, notSent: 0 },
      userErrors: [{ field: ['inputs'], code: 'TOO_MANY_UPDATES' }],
    });
    expect(stack.emulator.calls.length).toBe(before);
  });
});

describe('updateContacts: admin callers, NOT_SENT and Idempotency-Key', () => {
  let stack: Stack;
  const bearer = async (claims: Record<string, unknown>) => ({ authorization: `Bearer ${await signToken(claims)}` });
  const admin = () => bearer({ sub: 'back-office@example.com', scope: 'contacts:write' });
  const KEYS = ['batch-a@example.com', 'batch-b@example.com', 'batch-c@example.com', 'batch-d@example.com'];

  beforeAll(async () => {
    // A bulkhead of 2: one PATCH of a batch at a time, so injected faults meet the items in input order.
    stack = await startStack({ env: AUTH_ENV, upstream: { concurrency: { max: 2, queue: 200 } } });
    stack.emulator.setOptions({ unknownContact: 'create' });
  });
  afterAll(() => stack.close());

  it('refuses a self-service caller with NOT_ALLOWED, even for its own contact; nothing sent', async () => {
    const before = stack.emulator.calls.length;
    const res = await send(stack, [input('acruz@example.com', 'Self')], await bearer({ sub: 'acruz@example.com' }));
    expect(res.status).toBe(200);
    expect(res.data?.updateContacts).toMatchObject({ results: [], userErrors: [{ field: ['inputs'], code: 'NOT_ALLOWED' }] });
    expect(stack.emulator.calls.length).toBe(before);
  });

  it('marks the rest NOT_SENT after UPSTREAM_AUTH_FAILED; a resend with the same key sends only what is not final', async () => {
    const headers = { ...(await admin()), 'idempotency-key': `batch-${process.pid}-${Date.now()}` };
    const inputs = KEYS.map((key) => input(key, 'Resumed'));
    // a: applied. b: applied, its answer lost and the read-back refused (UNKNOWN). c: a token SFMC keeps refusing.
    stack.emulator.injectFault({ route: 'updateContact', kind: { type: 'delay', ms: 0 } });
    stack.emulator.injectFault({ route: 'updateContact', kind: { type: 'reset-after-processing' } });
    stack.emulator.injectFault({ route: 'searchAttributes', kind: { type: 'status', status: 400 } });
    stack.emulator.injectFault({ route: 'updateContact', times: 2, kind: { type: 'status', status: 401 } });
    const before = patches(stack);
    const first = await send(stack, inputs, headers);
    expect(first.status).toBe(200);
    const payload = first.data?.updateContacts;
    expect(statuses(payload)).toEqual(['OK', 'UNKNOWN', 'NOT_SENT', 'NOT_SENT']);
    expect(payload?.results.map((r) => r.retryable)).toEqual([false, true, true, true]);
    expect(payload?.results[2]?.messages.map((m) => m.resultCode)).toEqual(['UPSTREAM_AUTH_FAILED']);
    expect(payload?.counts).toEqual({ ok: 1, fail: 0, unknown: 1, invalid: 0, notSent: 2 });
    // c was sent twice (refused, then refused with a fresh token); d never.
    expect(patches(stack) - before).toBe(4);
    expect(firstName(stack, KEYS[3] as string)).toBeUndefined();

    // The resend: a is answered as it was, b is read back (applied: not sent again), c and d are sent.
    const resend = await send(stack, inputs, headers);
    expect(resend.headers['idempotent-replayed']).toBeUndefined();
    expect(statuses(resend.data?.updateContacts)).toEqual(['OK', 'OK', 'OK', 'OK']);
    expect(resend.data?.updateContacts.results.map((r) => r.verification)).toEqual([
      'SFMC_RESPONSE',
      'READ_BACK',
      'SFMC_RESPONSE',
      'SFMC_RESPONSE',
    ]);
    expect(patches(stack) - before).toBe(6);
    for (const key of KEYS) expect(firstName(stack, key)).toBe('Resumed');

    // Final now: the answer is replayed, nothing sent.
    const replay = await send(stack, inputs, headers);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(statuses(replay.data?.updateContacts)).toEqual(['OK', 'OK', 'OK', 'OK']);
    expect(patches(stack) - before).toBe(6);
  });
});

describe('updateContacts when the circuit breaker opens', () => {
  let stack: Stack;
  beforeAll(async () => {
    // One PATCH at a time, no resends of a 503, and the circuit opens on the second consecutive fault.
    stack = await startStack({
      upstream: { concurrency: { max: 2, queue: 200 }, maxRetries: 0, breaker: { failures: 2, resetMs: 60_000 } },
    });
  });
  afterAll(() => stack.close());

  it('marks the rest NOT_SENT once the circuit is open: nothing more is sent', async () => {
    stack.emulator.injectFault({ route: 'updateContact', times: 2, kind: { type: 'status', status: 503 } });
    const before = patches(stack);
    const res = await send(
      stack,
      ['a', 'b', 'c', 'd'].map((k) => input(`circuit-${k}@example.com`, 'Paused')),
    );
    expect(res.status).toBe(200);
    const payload = res.data?.updateContacts;
    expect(statuses(payload)).toEqual(['NOT_SENT', 'NOT_SENT', 'NOT_SENT', 'NOT_SENT']);
    expect(payload?.results.every((r) => r.retryable && r.contact === null)).toBe(true);
    expect(payload?.results.map((r) => r.messages.map((m) => m.resultCode))).toEqual([
      ['UPSTREAM_UNAVAILABLE'],
      ['UPSTREAM_UNAVAILABLE'],
      ['UPSTREAM_UNAVAILABLE'],
      ['UPSTREAM_UNAVAILABLE'],
    ]);
    expect(payload?.counts).toEqual({ ok: 0, fail: 0, unknown: 0, invalid: 0, notSent: 4 });
    expect(stack.sfmc.breakerState()).toBe('open');
    // The two refused PATCHes; c and d were never sent.
    expect(patches(stack) - before).toBe(2);
  });
});

import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator, type FaultKind } from '../../../src/emulator/index.js';
import { call, credentials, DOCUMENTATION, patch, patchBody, SEED_BODY, tokenFor } from '../../support/emulator-calls.js';

/** Routing of unknown routes and methods, the call log, the admin routes, latency and fault injection. */

let emulator: Emulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.close();
});

describe('routing', () => {
  beforeAll(async () => {
    token = await tokenFor(emulator);
  });

  it('answers 404 Object Not Found for an unknown route', async () => {
    for (const path of ['/contacts/v1/nothing', '/v3/anything']) {
      const reply = await call(emulator, 'GET', path, { token });
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual({ message: 'Object Not Found', errorcode: 30003, documentation: DOCUMENTATION });
    }
  });

  it('answers 400 Invalid Operation for a wrong method on a known route', async () => {
    const wrong = [
      ['GET', '/contacts/v1/contacts'],
      ['GET', '/v2/token'],
      ['DELETE', '/contacts/v1/attributeSetDefinitions'],
    ] as const;
    for (const [method, path] of wrong) {
      const reply = await call(emulator, method, path, { token });
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({ message: 'Invalid Operation', errorcode: 30001, documentation: DOCUMENTATION });
    }
  });
});

describe('call log and admin routes', () => {
  beforeEach(() => {
    emulator.reset();
  });

  it('records calls without credentials and leaves admin calls out', async () => {
    const bearer = await tokenFor(emulator);
    await patch(emulator, bearer, SEED_BODY);
    await call(emulator, 'GET', '/__emulator/contacts');
    expect(emulator.calls).toHaveLength(2);
    expect(emulator.calls[0]).toEqual({
      method: 'POST',
      path: '/v2/token',
      status: 200,
      body: { grant_type: 'client_credentials', client_id: emulator.clientId, client_secret: '[redacted]' },
    });
    expect(emulator.calls[1]).toEqual({ method: 'PATCH', path: '/contacts/v1/contacts', status: 200, body: SEED_BODY });
    expect(JSON.stringify(emulator.calls)).not.toContain(bearer);
    expect(emulator.callCount('patch', '/contacts/')).toBe(1);
    expect(emulator.callCount('POST', '/v2/token')).toBe(1);

    const served = await call(emulator, 'GET', '/__emulator/calls');
    expect(served.body).toEqual(emulator.calls);
  });

  it('serves the contacts, one contact by key, and 404 for an unknown key', async () => {
    const all = await call(emulator, 'GET', '/__emulator/contacts');
    const seeded = {
      contactKey: 'acruz@example.com',
      contactId: 12345678,
      attributeSets: { 'Email Addresses': [{ 'Email Address': 'acruz@example.com', 'HTML Enabled': false }] },
    };
    expect(all.body).toEqual([seeded]);
    expect((await call(emulator, 'GET', '/__emulator/contacts/acruz%40example.com')).body).toEqual(seeded);
    const missing = await call(emulator, 'GET', '/__emulator/contacts/nobody%40example.com');
    expect(missing.status).toBe(404);
  });

  it('resets contacts, calls and tokens', async () => {
    const bearer = await tokenFor(emulator);
    await patch(emulator, bearer, SEED_BODY);
    expect((await call(emulator, 'POST', '/__emulator/reset')).status).toBe(204);
    expect(emulator.calls).toEqual([]);
    expect(emulator.getContact('acruz@example.com')?.attributeSets['Email Demographics']).toBeUndefined();
    expect((await patch(emulator, bearer, SEED_BODY)).status).toBe(401);
  });

  it('starts without contacts when seeding is off', async () => {
    const empty = await startEmulator({ seedContacts: false });
    try {
      expect((await call(empty, 'GET', '/__emulator/contacts')).body).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});

describe('fault injection', () => {
  const SEED_KEY = 'acruz@example.com';
  const demographics = (firstName: string) => patchBody(SEED_KEY, 'Email Demographics', { 'First Name': firstName });
  const firstName = () => emulator.getContact(SEED_KEY)?.attributeSets['Email Demographics']?.[0]?.['First Name'];

  /** A PATCH that may end in a socket error or an unreadable body: what came back, as far as it came. */
  async function rawPatch(bearer: string, body: unknown, options: { bodyTimeout?: number } = {}) {
    const started = Date.now();
    try {
      const response = await request(`${emulator.url}/contacts/v1/contacts`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify(body),
        ...options,
      });
      const text = await response.body.text().catch((error: unknown) => ({ error }));
      return { status: response.statusCode, headers: response.headers, text, ms: Date.now() - started };
    } catch (error) {
      return { error, ms: Date.now() - started };
    }
  }

  beforeEach(async () => {
    emulator.reset();
    token = await tokenFor(emulator);
  });

  it('answers a status fault without processing, with its headers and body, then is used up', async () => {
    const body = { message: 'Rate limit exceeded', errorcode: 50100, documentation: DOCUMENTATION };
    const headers = { 'retry-after': '5' };
    emulator.injectFault({ route: 'patch', times: 2, kind: { type: 'status', status: 429, headers, body } });
    for (const name of ['One', 'Two']) {
      const reply = await rawPatch(token, demographics(name));
      expect(reply).toMatchObject({ status: 429, headers: { 'retry-after': '5' } });
      expect(JSON.parse(reply.text as string)).toEqual(body);
    }
    expect(firstName()).toBeUndefined();
    expect((await patch(emulator, token, demographics('Three'))).status).toBe(200);
    expect(firstName()).toBe('Three');
    expect(emulator.calls.filter((c) => c.method === 'PATCH').map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it('gives a status fault without a body the gateway error shape, and a redirect no body', async () => {
    emulator.injectFault({ route: 'patch', kind: { type: 'status', status: 502 } });
    const location = 'https://elsewhere.test/';
    emulator.injectFault({ route: 'patch', kind: { type: 'status', status: 301, headers: { location } } });
    expect(await patch(emulator, token, demographics('A'))).toEqual({
      status: 502,
      body: { message: 'Bad Gateway', errorcode: 0, documentation: DOCUMENTATION },
    });
    const redirect = await rawPatch(token, demographics('B'));
    expect(redirect).toMatchObject({ status: 301, headers: { location }, text: '' });
    expect(firstName()).toBeUndefined();
  });

  it('queues faults per route: a token fault leaves PATCH alone', async () => {
    emulator.injectFault({ route: 'token', kind: { type: 'status', status: 500 } });
    expect((await patch(emulator, token, demographics('A'))).status).toBe(200);
    expect((await call(emulator, 'POST', '/v2/token', { body: credentials(emulator) })).status).toBe(500);
    expect((await call(emulator, 'POST', '/v2/token', { body: credentials(emulator) })).status).toBe(200);
  });

  it('names a fault route by the endpoint table (updateContact, attributeSetDefinitions, …) or by its first name', async () => {
    emulator.injectFault({ route: 'updateContact', kind: { type: 'status', status: 502 } });
    emulator.injectFault({ route: 'patch', kind: { type: 'status', status: 504 } });
    expect((await patch(emulator, token, demographics('A'))).status).toBe(502);
    expect((await patch(emulator, token, demographics('B'))).status).toBe(504);
    expect((await patch(emulator, token, demographics('C'))).status).toBe(200);
    const post = (fault: unknown) => call(emulator, 'POST', '/__emulator/faults', { body: fault });
    expect((await post({ route: 'attributeSetDefinitions', kind: { type: 'status', status: 503 } })).status).toBe(204);
    expect((await call(emulator, 'GET', '/contacts/v1/attributeSetDefinitions', { token })).status).toBe(503);
    expect((await call(emulator, 'GET', '/contacts/v1/attributeSetDefinitions', { token })).status).toBe(200);
    // A name is looked up as the table's own key, not along the prototype.
    expect((await post({ route: 'toString', kind: { type: 'status', status: 500 } })).status).toBe(400);
  });

  it('resets before processing: nothing applied, recorded with status 0', async () => {
    emulator.injectFault({ route: 'patch', kind: { type: 'reset-before-processing' } });
    const reply = await rawPatch(token, demographics('Reset'));
    expect(reply.error).toBeInstanceOf(Error);
    expect(firstName()).toBeUndefined();
    expect(emulator.calls.at(-1)).toMatchObject({ method: 'PATCH', status: 0 });
  });

  it('resets after processing: the update is applied, no answer arrives', async () => {
    emulator.injectFault({ route: 'patch', kind: { type: 'reset-after-processing' } });
    const reply = await rawPatch(token, demographics('Applied'));
    expect(reply.error).toBeInstanceOf(Error);
    expect(firstName()).toBe('Applied');
    expect(emulator.calls.at(-1)).toMatchObject({ method: 'PATCH', status: 0 });
  });

  it.each<[string, FaultKind]>([
    ['stalls the headers after processing, then answers', { type: 'stall-headers', ms: 150 }],
    ['delays a request, then processes it normally', { type: 'delay', ms: 150 }],
  ])('%s', async (_what, kind) => {
    emulator.injectFault({ route: 'patch', kind });
    const reply = await rawPatch(token, demographics('Late'));
    expect(reply.status).toBe(200);
    expect(reply.ms).toBeGreaterThanOrEqual(140);
    expect(firstName()).toBe('Late');
  });

  it('stalls the body after headers and part of the JSON until the client gives up', async () => {
    emulator.injectFault({ route: 'patch', kind: { type: 'stall-body' } });
    const reply = await rawPatch(token, demographics('Half'), { bodyTimeout: 200 });
    expect(reply.status).toBe(200);
    expect(reply.text).toMatchObject({ error: expect.any(Error) });
    expect(firstName()).toBe('Half');
  });

  it('answers 200 with a body that is not JSON, or with a huge one, after processing', async () => {
    emulator.injectFault({ route: 'patch', kind: { type: 'malformed-body' } });
    emulator.injectFault({ route: 'patch', kind: { type: 'oversized-body', bytes: 2_000_000 } });
    const malformed = await rawPatch(token, demographics('Malformed'));
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(malformed.text as string)).toThrow();
    expect(firstName()).toBe('Malformed');
    const huge = await rawPatch(token, demographics('Huge'));
    expect(huge.status).toBe(200);
    expect((huge.text as string).length).toBe(2_000_000);
    expect(JSON.parse(huge.text as string)).toMatchObject({ operationStatus: 'OK' });
    expect(firstName()).toBe('Huge');
    expect(emulator.calls.slice(-2).map((c) => c.status)).toEqual([200, 200]);
  });

  it('takes faults over its admin routes, refusing malformed ones, and clears them', async () => {
    const post = (fault: unknown) => call(emulator, 'POST', '/__emulator/faults', { body: fault });
    for (const bad of [
      { route: 'nowhere', kind: { type: 'status', status: 500 } },
      { route: 'patch', kind: { type: 'status', status: 99 } },
      { route: 'patch', kind: { type: 'explode' } },
      { route: 'patch', times: 0, kind: { type: 'stall-body' } },
      { route: 'patch', kind: { type: 'status', status: 500, headers: { 'retry-after': 5 } } },
    ]) {
      expect((await post(bad)).status).toBe(400);
    }
    expect((await post({ route: 'patch', times: 3, kind: { type: 'status', status: 503 } })).status).toBe(204);
    expect((await patch(emulator, token, demographics('A'))).status).toBe(503);
    expect((await call(emulator, 'DELETE', '/__emulator/faults')).status).toBe(204);
    expect((await patch(emulator, token, demographics('B'))).status).toBe(200);

    emulator.injectFault({ route: 'patch', kind: { type: 'status', status: 500 } });
    emulator.clearFaults();
    expect((await patch(emulator, token, demographics('C'))).status).toBe(200);
  });

  it('slows every SFMC route and counts the requests in flight', async () => {
    expect((await call(emulator, 'POST', '/__emulator/latency', { body: { ms: -1 } })).status).toBe(400);
    expect((await call(emulator, 'POST', '/__emulator/latency', { body: { ms: 250 } })).status).toBe(204);
    const replies = Promise.all(Array.from({ length: 5 }, () => patch(emulator, token, demographics('Busy'))));
    // The latency holds each request before it is processed: all five in flight, none applied or recorded yet.
    await vi.waitFor(() => expect(emulator.stats().inFlight).toBe(5), { interval: 5 });
    expect(emulator.calls.filter((c) => c.method === 'PATCH')).toEqual([]);
    expect(firstName()).toBeUndefined();
    expect((await replies).map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(firstName()).toBe('Busy');
    expect(emulator.stats()).toEqual({ inFlight: 0, maxInFlight: 5 });
    expect((await call(emulator, 'GET', '/__emulator/stats')).body).toEqual({ inFlight: 0, maxInFlight: 5 });

    emulator.setLatency(10_000);
    emulator.reset();
    expect(emulator.stats()).toEqual({ inFlight: 0, maxInFlight: 0 });
    // Answered long before the 10 s latency the reset cleared would have let it.
    const quick = Date.now();
    expect((await call(emulator, 'POST', '/v2/token', { body: credentials(emulator) })).status).toBe(200);
    expect(Date.now() - quick).toBeLessThan(10_000);
  });

  it('does not count requests that ended in a reset as still in flight', async () => {
    emulator.injectFault({ route: 'patch', times: 2, kind: { type: 'reset-after-processing' } });
    await Promise.all([rawPatch(token, demographics('A')), rawPatch(token, demographics('B'))]);
    // The emulator hears of each reset when its socket closes, which may come after the client's error.
    await vi.waitFor(() => expect(emulator.stats().inFlight).toBe(0), { interval: 5 });
  });
});

describe('the call log, as a stack holds the ledger to it', () => {
  it('tells onCall of every call, whatever empties the log, and logs a call whose wait its closing cut', async () => {
    const told: { method: string; status: number }[] = [];
    const own = await startEmulator({ onCall: ({ method, status }) => told.push({ method, status }) });
    const ownToken = await tokenFor(own);
    own.reset();
    own.calls.length = 0;
    own.injectFault({ route: 'patch', kind: { type: 'delay', ms: 10_000 } });
    const cut = patch(own, ownToken, patchBody('acruz@example.com', 'Email Demographics', { 'First Name': 'Cut' })).catch(
      (error: unknown) => error,
    );
    await vi.waitFor(() => expect(own.stats().inFlight).toBe(1), { interval: 5 });
    await own.close();
    expect(await cut).toBeInstanceOf(Error);
    // Logged by the time close() is over: SFMC logs what it received, answered or not.
    expect(own.calls).toEqual([expect.objectContaining({ method: 'PATCH', status: 0 })]);
    expect(told).toEqual([
      { method: 'POST', status: 200 },
      { method: 'PATCH', status: 0 },
    ]);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { call, GATEWAY_400, NOT_AUTHORIZED, tokenFor } from '../../support/emulator-calls.js';

/** `POST /contacts/v1/contacts/preferences/search?ReferenceType=2` and `POST /contacts/v1/contacts/preferences`. */

interface PreferencesBody {
  items: { contactID: number; hasOptedOutTracking: boolean }[];
  rowsAffected: number;
  rowsInserted?: number;
  rowsUpdated?: number;
  rowsDeleted?: number;
  hasErrors?: boolean;
  resultMessages: { resultCode: string; message: string }[];
}

const SEARCH = '/contacts/v1/contacts/preferences/search?ReferenceType=2';
const WRITE = '/contacts/v1/contacts/preferences';
const SEED_ID = 12345678;

let emulator: Emulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(async () => {
  emulator.reset();
  token = await tokenFor(emulator);
});

const search = (body: unknown, path = SEARCH) => call<PreferencesBody>(emulator, 'POST', path, { body, token });
const write = (body: unknown) => call<PreferencesBody>(emulator, 'POST', WRITE, { body, token });

describe('the preferences search', () => {
  it('answers a contact never written as not opted out, and leaves an id that is no contact out', async () => {
    const reply = await search({ items: [SEED_ID, 999] });
    expect(reply.status).toBe(200);
    expect(reply.body.items).toEqual([{ contactID: SEED_ID, hasOptedOutTracking: false }]);
    expect(reply.body.rowsAffected).toBe(1);
    expect(Object.keys(reply.body)).toEqual(
      expect.arrayContaining(['requestServiceMessageID', 'serviceMessageID', 'resultMessages']),
    );
  });

  it('takes ids as numbers or digit strings', async () => {
    expect((await search({ items: [String(SEED_ID)] })).body.items).toHaveLength(1);
  });

  it('refuses another ReferenceType, a missing or empty list and ids that are not ids', async () => {
    expect(await search({ items: [SEED_ID] }, '/contacts/v1/contacts/preferences/search?ReferenceType=1')).toEqual({
      status: 400,
      body: GATEWAY_400[10005],
    });
    expect(await search({})).toEqual({ status: 400, body: GATEWAY_400[10002] });
    expect(await search({ items: [] })).toEqual({ status: 400, body: GATEWAY_400[10002] });
    expect(await search({ items: ['x'] })).toEqual({ status: 400, body: GATEWAY_400[10001] });
    expect(await search({ items: Array.from({ length: 101 }, (_, i) => i + 1) })).toEqual({
      status: 400,
      body: GATEWAY_400[10005],
    });
  });

  it('needs a token', async () => {
    const reply = await call(emulator, 'POST', SEARCH, { body: { items: [SEED_ID] } });
    expect(reply).toEqual({ status: 401, body: NOT_AUTHORIZED });
  });
});

describe('the preferences write', () => {
  it('echoes what it wrote with the row counts, and the search reads it back', async () => {
    const first = await write({ items: [{ contactID: SEED_ID, hasOptedOutTracking: true }] });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      items: [{ contactID: SEED_ID, hasOptedOutTracking: true }],
      rowsInserted: 1,
      rowsUpdated: 0,
      rowsDeleted: 0,
    });
    expect((await search({ items: [SEED_ID] })).body.items).toEqual([{ contactID: SEED_ID, hasOptedOutTracking: true }]);
    const second = await write({ items: [{ contactID: SEED_ID, hasOptedOutTracking: false }] });
    expect(second.body).toMatchObject({ rowsInserted: 0, rowsUpdated: 1 });
  });

  it('names an id that is no contact in a result message and writes nothing for it', async () => {
    const reply = await write({ items: [{ contactID: 999, hasOptedOutTracking: true }] });
    expect(reply.status).toBe(200);
    expect(reply.body.items).toEqual([]);
    expect(reply.body.hasErrors).toBe(true);
    expect(reply.body.resultMessages).toEqual([expect.objectContaining({ resultCode: 'ContactNotFound' })]);
  });

  it('refuses an item without a flag or an id', async () => {
    expect(await write({ items: [{ contactID: SEED_ID }] })).toEqual({ status: 400, body: GATEWAY_400[10002] });
    expect(await write({ items: [{ hasOptedOutTracking: true }] })).toEqual({ status: 400, body: GATEWAY_400[10002] });
    expect(await write({ items: [{ contactID: SEED_ID, hasOptedOutTracking: 'yes' }] })).toEqual({
      status: 400,
      body: GATEWAY_400[10001],
    });
  });

  it('forgets preferences on reset', async () => {
    await write({ items: [{ contactID: SEED_ID, hasOptedOutTracking: true }] });
    emulator.reset();
    token = await tokenFor(emulator);
    expect((await search({ items: [SEED_ID] })).body.items).toEqual([{ contactID: SEED_ID, hasOptedOutTracking: false }]);
  });
});

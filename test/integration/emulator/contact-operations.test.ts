import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import {
  call,
  GATEWAY_400,
  NOT_AUTHORIZED,
  patch,
  patchBody,
  seedSearchContacts,
  tokenFor,
  UUID,
} from '../../support/emulator-calls.js';

/**
 * `POST /contacts/v1/contacts/actions/{delete,restrict}?type=keys` and their status routes: queued
 * operations that move only when the test advances them, one at a time, through both phases.
 */

interface Initiated {
  operationInitiated: boolean;
  operationID: number;
  requestServiceMessageID: string;
}
interface Status {
  backgroundOperationsSummary: { backgroundOperationStatusID: string }[];
  numberofRestorableDays: number;
  operation: { status: string; operationID: number; isRestrictedForProcessing?: boolean; deleteType?: string };
}

let emulator: Emulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  emulator.reset();
  emulator.setOptions({ suppressedContacts: 'hidden' });
  token = await tokenFor(emulator);
  await seedSearchContacts(emulator, token);
});

const DELETE = '/contacts/v1/contacts/actions/delete';
const RESTRICT = '/contacts/v1/contacts/actions/restrict';
const request = (path: string, body: unknown, query = '?type=keys') =>
  call<Initiated>(emulator, 'POST', `${path}${query}`, { body, token });
const status = (path: string, id: number | string) =>
  call<Status>(emulator, 'GET', `${path}/status?operationID=${id}`, { token });
/** Phase 1, then phase 2's value ('-' before it starts). */
const phases = async (path: string, id: number) => {
  const { body } = await status(path, id);
  return `${body.operation.status}/${body.backgroundOperationsSummary[0]?.backgroundOperationStatusID ?? '-'}`;
};
const emailSearch = async (address: string) => {
  const reply = await call<{ channelAddressResponseEntities: unknown[] }>(
    emulator,
    'POST',
    '/contacts/v1/addresses/email/search',
    { body: { ChannelAddressList: [address], MaximumCount: 1 }, token },
  );
  return reply.body.channelAddressResponseEntities.length;
};

describe('POST /contacts/v1/contacts/actions/delete?type=keys', () => {
  it('queues a deletion and answers its id, as SFMC documents', async () => {
    const reply = await request(DELETE, { values: ['k2'], DeleteOperationType: 'ContactAndAttributes' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ operationInitiated: true, operationID: 1, resultMessages: [] });
    expect(reply.body.requestServiceMessageID).toMatch(UUID);
    expect((await request(DELETE, { values: ['k3'] })).body.operationID).toBe(2);
  });

  it('walks both phases one step at a time, then deletes the contact for good', async () => {
    const { operationID } = (await request(DELETE, { values: ['k2'] })).body;
    expect(await phases(DELETE, operationID)).toBe('Pending/-');
    expect(emulator.advanceOperations()).toBe(1);
    expect(await phases(DELETE, operationID)).toBe('Completed/-');
    expect(emulator.getContact('k2')).toBeDefined();
    emulator.advanceOperations();
    expect(await phases(DELETE, operationID)).toBe('Completed/Processing');
    emulator.advanceOperations();
    expect(await phases(DELETE, operationID)).toBe('Completed/Completed');
    expect(emulator.getContact('k2')).toBeUndefined();
    expect(emulator.advanceOperations(5)).toBe(0);
    const { body } = await status(DELETE, operationID);
    expect(body.numberofRestorableDays).toBe(14);
    expect(body.operation).toMatchObject({ deleteType: 'ContactAndAttributes', operationID });
  });

  it('processes one operation at a time, oldest first', async () => {
    const first = (await request(DELETE, { values: ['k2'] })).body.operationID;
    const second = (await request(DELETE, { values: ['k3'] })).body.operationID;
    emulator.advanceOperations(2);
    expect([await phases(DELETE, first), await phases(DELETE, second)]).toEqual(['Completed/Processing', 'Pending/-']);
    emulator.advanceOperations(2);
    expect([await phases(DELETE, first), await phases(DELETE, second)]).toEqual(['Completed/Completed', 'Completed/-']);
  });

  it('hides suppressed contacts from the searches, or finds them (EMULATOR_SUPPRESSED_CONTACTS)', async () => {
    await request(DELETE, { values: ['k2'] });
    emulator.advanceOperations();
    expect(await emailSearch('k2@example.com')).toBe(0);
    emulator.setOptions({ suppressedContacts: 'found' });
    expect(await emailSearch('k2@example.com')).toBe(1);
  });

  it('restores a suppressed deletion (Aborted): the contact is found again and never deleted', async () => {
    const { operationID } = (await request(DELETE, { values: ['k2'] })).body;
    emulator.advanceOperations();
    const restored = await call(emulator, 'POST', '/__emulator/operations/restore', { body: { operationID } });
    expect(restored.status).toBe(204);
    expect(await phases(DELETE, operationID)).toBe('Completed/Aborted');
    expect(await emailSearch('k2@example.com')).toBe(1);
    expect(emulator.advanceOperations()).toBe(0);
    expect(emulator.restoreOperation(operationID)).toBe(false);
  });

  it('ends a deletion of keys that name no contact as Invalid', async () => {
    const { operationID } = (await request(DELETE, { values: ['nobody'] })).body;
    emulator.advanceOperations();
    expect(await phases(DELETE, operationID)).toBe('Completed/Invalid');
  });

  it('refuses a body without keys, another type, an unknown id and a missing token as SFMC would', async () => {
    expect(await request(DELETE, { DeleteOperationType: 'ContactAndAttributes' })).toEqual({
      status: 400,
      body: GATEWAY_400[10002],
    });
    expect(await request(DELETE, { values: [] })).toEqual({ status: 400, body: GATEWAY_400[10005] });
    expect(await request(DELETE, { values: ['k2'] }, '?type=ids')).toEqual({ status: 400, body: GATEWAY_400[10005] });
    expect((await status(DELETE, 99)).status).toBe(404);
    expect(await status(DELETE, 'x')).toEqual({ status: 400, body: GATEWAY_400[10005] });
    const anonymous = await call(emulator, 'POST', `${DELETE}?type=keys`, { body: { values: ['k2'] } });
    expect(anonymous).toEqual({ status: 401, body: NOT_AUTHORIZED });
  });
});

describe('POST /contacts/v1/contacts/actions/restrict?type=keys', () => {
  it('restricts after one step; later PATCHes of the contact FAIL, others pass', async () => {
    const { operationID } = (await request(RESTRICT, { Values: ['k3'] })).body;
    expect(operationID).toBe(1);
    expect((await status(RESTRICT, operationID)).body.operation).toMatchObject({
      status: 'Pending',
      isRestrictedForProcessing: false,
    });
    emulator.advanceOperations();
    expect((await status(RESTRICT, operationID)).body.operation).toMatchObject({
      status: 'Completed',
      isRestrictedForProcessing: true,
    });
    const refused = await patch(emulator, token, patchBody('k3', 'Email Demographics', { 'First Name': 'Lou' }));
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({
      operationStatus: 'FAIL',
      resultMessages: [{ resultCode: 'ContactRestricted' }],
    });
    const other = await patch(emulator, token, patchBody('k2', 'Email Demographics', { 'First Name': 'Lou' }));
    expect(other.body.operationStatus).toBe('OK');
  });

  it('numbers restrictions apart from deletions, whose status route does not know them', async () => {
    const { operationID } = (await request(RESTRICT, { Values: ['k3'] })).body;
    expect((await status(DELETE, operationID)).status).toBe(404);
  });
});

describe('POST /__emulator/operations/advance', () => {
  it('takes {"steps": n} (default 1) and answers the steps taken', async () => {
    await request(DELETE, { values: ['k2'] });
    const advance = (body?: unknown) =>
      call<{ steps: number }>(emulator, 'POST', '/__emulator/operations/advance', body === undefined ? {} : { body });
    expect((await advance()).body).toEqual({ steps: 1 });
    expect((await advance({ steps: 5 })).body).toEqual({ steps: 2 });
    expect((await advance({ steps: 0 })).status).toBe(400);
    expect((await call<unknown[]>(emulator, 'GET', '/__emulator/operations')).body).toHaveLength(1);
  });
});

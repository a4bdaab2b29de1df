import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contactOperationGlobalId } from '../../src/schema/contact-operation-id.js';
import {
  ContactDocument,
  ContactOperationDocument,
  RequestContactDeletionDocument,
  RestrictContactProcessingDocument,
  UpdateContactDocument,
} from '../__generated__/graphql.js';
import { AUTH_ENV, signToken } from '../support/jwt.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * Deletion and restriction as tracked operations, end to end over loopback: the mutations queue
 * them in the emulator, the test advances the emulator's clock, contactOperation(id) follows both
 * of SFMC's phases, and the contacts are really deleted (or refuse updates once restricted).
 */

const DELETE_PATH = '/contacts/v1/contacts/actions/delete';
const RESTRICT_PATH = '/contacts/v1/contacts/actions/restrict';

const bearer = async (sub: string, admin = false) => ({
  authorization: `Bearer ${await signToken(admin ? { sub, scope: 'contacts:write' } : { sub })}`,
});

/** Makes contacts by PATCH, in 'create' mode. */
async function seed(stack: Stack, admin: Record<string, string>, ...keys: string[]): Promise<void> {
  stack.emulator.setOptions({ unknownContact: 'create' });
  for (const contactKey of keys) {
    const input = { contactKey, emailDemographics: { firstName: 'Kim' } };
    const res = await stack.graphql(UpdateContactDocument, { input }, admin);
    expect(res.data?.updateContact.operationStatus, contactKey).toBe('OK');
  }
  stack.emulator.setOptions({ unknownContact: 'fail' });
}

describe('contact operations (AUTH_SELF_SERVICE_DELETION off, the default)', () => {
  let stack: Stack;
  let admin: Record<string, string>;
  beforeAll(async () => {
    stack = await startStack({ env: AUTH_ENV });
    admin = await bearer('back-office', true);
  });
  afterAll(() => stack.close());
  beforeEach(async () => {
    stack.emulator.reset();
    stack.emulator.setOptions({ suppressedContacts: 'hidden' });
    await seed(stack, admin, 'del-1', 'del-2', 'me');
  });

  const follow = async (id: string, headers: Record<string, string>) => {
    const res = await stack.graphql(ContactOperationDocument, { id }, headers);
    expect(res.errors).toBeUndefined();
    return res.data?.contactOperation;
  };
  const read = async (contactKey: string) => (await stack.graphql(ContactDocument, { contactKey }, admin)).data?.contact;

  it('queues an admin deletion of several keys and follows it through both phases to the deletion', async () => {
    const before = stack.emulator.calls.length;
    const res = await stack.graphql(RequestContactDeletionDocument, { input: { contactKeys: ['del-1', 'del-2'] } }, admin);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    const payload = res.data!.requestContactDeletion;
    expect(payload).toMatchObject({ operationStatus: 'OK', retryable: false, userErrors: [], messages: [] });
    expect(payload.operation).toMatchObject({ kind: 'DELETE', status: 'QUEUED', restorableDays: 14 });
    expect(Date.parse(payload.operation!.requestedAt)).toBeGreaterThan(0);
    const sent = stack.emulator.calls.slice(before).filter((c) => c.path.startsWith(DELETE_PATH));
    expect(sent.map((c) => c.path)).toEqual([`${DELETE_PATH}?type=keys`, `${DELETE_PATH}/status?operationID=1`]);
    expect(sent[0]?.body).toEqual({ values: ['del-1', 'del-2'], DeleteOperationType: 'ContactAndAttributes' });

    const id = payload.operation!.id;
    const seen: (string | null | undefined)[] = [];
    for (let step = 0; step < 3; step += 1) {
      stack.emulator.advanceOperations();
      seen.push((await follow(id, admin))?.status);
      if (step === 0) expect(await read('del-1')).toBeNull(); // suppressed, hidden from the search
    }
    expect(seen).toEqual(['SUPPRESSED', 'DELETING', 'DELETED']);
    expect(stack.emulator.getContact('del-1')).toBeUndefined();
    expect(stack.emulator.getContact('del-2')).toBeUndefined();
    expect(await read('me')).not.toBeNull();
  });

  it('finds suppressed contacts where the search still does (EMULATOR_SUPPRESSED_CONTACTS=found)', async () => {
    stack.emulator.setOptions({ suppressedContacts: 'found' });
    await stack.graphql(RequestContactDeletionDocument, { input: { contactKeys: ['del-1'] } }, admin);
    stack.emulator.advanceOperations();
    expect((await read('del-1'))?.contactKey).toBe('del-1');
  });

  it('reports a restored deletion as ABORTED, and refetches an operation through node(id)', async () => {
    const res = await stack.graphql(RequestContactDeletionDocument, { input: { contactKeys: ['del-1'] } }, admin);
    const id = res.data!.requestContactDeletion.operation!.id;
    stack.emulator.advanceOperations();
    expect(stack.emulator.restoreOperation(1)).toBe(true);
    expect((await follow(id, admin))?.status).toBe('ABORTED');
    const node = await stack.post({ query: 'query ($id: ID!) { node(id: $id) { __typename id } }', variables: { id } }, admin);
    expect(node.errors).toBeUndefined();
    expect(node.data).toEqual({ node: { __typename: 'ContactOperation', id } });
    expect((await read('del-1'))?.contactKey).toBe('del-1');
  });

  it('restricts processing: RESTRICTED once SFMC is done, and later updates of the contact FAIL', async () => {
    const res = await stack.graphql(RestrictContactProcessingDocument, { input: { contactKeys: ['del-2'] } }, admin);
    const payload = res.data!.restrictContactProcessing;
    expect(payload.operation).toMatchObject({ kind: 'RESTRICT', status: 'QUEUED' });
    expect(stack.emulator.calls.find((c) => c.path === `${RESTRICT_PATH}?type=keys`)?.body).toEqual({ Values: ['del-2'] });
    stack.emulator.advanceOperations();
    expect((await follow(payload.operation!.id, admin))?.status).toBe('RESTRICTED');
    const input = { contactKey: 'del-2', emailDemographics: { firstName: 'Lou' } };
    const update = await stack.graphql(UpdateContactDocument, { input }, admin);
    expect(update.data?.updateContact).toMatchObject({
      operationStatus: 'FAIL',
      messages: [{ resultCode: 'ContactRestricted' }],
    });
  });

  it('refuses bad input before sending: no keys from an admin, more than 100, blanks and repeats', async () => {
    const before = stack.emulator.calls.length;
    const ask = async (contactKeys?: string[]) =>
      (await stack.graphql(RequestContactDeletionDocument, { input: contactKeys ? { contactKeys } : {} }, admin)).data!
        .requestContactDeletion;
    expect(await ask()).toMatchObject({ operationStatus: 'INVALID', operation: null, userErrors: [{ code: 'REQUIRED' }] });
    const many = Array.from({ length: 101 }, (_, i) => `k${i}`);
    expect((await ask(many)).userErrors).toMatchObject([{ code: 'TOO_MANY_KEYS', field: ['input', 'contactKeys'] }]);
    expect((await ask(['a', '', 'a'])).userErrors.map((e) => e.code)).toEqual(['BLANK', 'DUPLICATE']);
    expect(stack.emulator.calls.slice(before)).toEqual([]);
  });

  it("keeps self-service callers to their own contact: deletion off, restriction allowed, others' operations FORBIDDEN", async () => {
    const me = await bearer('me');
    const before = stack.emulator.calls.length;
    const deletion = await stack.graphql(RequestContactDeletionDocument, { input: {} }, me);
    expect(deletion.data?.requestContactDeletion).toMatchObject({
      operationStatus: 'INVALID',
      userErrors: [{ code: 'SELF_SERVICE_DELETION_OFF', field: ['input', 'contactKeys'] }],
    });
    const other = await stack.graphql(RestrictContactProcessingDocument, { input: { contactKeys: ['del-1'] } }, me);
    expect(other.data?.restrictContactProcessing.userErrors).toMatchObject([{ code: 'NOT_ALLOWED' }]);
    expect(stack.emulator.calls.slice(before)).toEqual([]);

    const own = await stack.graphql(RestrictContactProcessingDocument, { input: {} }, me);
    const id = own.data!.restrictContactProcessing.operation!.id;
    expect(own.data?.restrictContactProcessing.operationStatus).toBe('OK');
    expect((await follow(id, me))?.kind).toBe('RESTRICT');
    expect((await follow(id, admin))?.kind).toBe('RESTRICT');
    const someoneElse = await stack.graphql(ContactOperationDocument, { id }, await bearer('del-1'));
    expect(someoneElse.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const adminsOwn = await stack.graphql(RequestContactDeletionDocument, { input: { contactKeys: ['del-1'] } }, admin);
    const forbidden = await stack.graphql(
      ContactOperationDocument,
      { id: adminsOwn.data!.requestContactDeletion.operation!.id },
      me,
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('never resends a request whose outcome is unknown, and says how an operator checks', async () => {
    stack.emulator.injectFault({ route: 'deleteContacts', kind: { type: 'reset-after-processing' } });
    const before = stack.emulator.calls.length;
    const res = await stack.graphql(RequestContactDeletionDocument, { input: { contactKeys: ['del-1'] } }, admin);
    expect(res.status).toBe(200);
    const payload = res.data!.requestContactDeletion;
    expect(payload).toMatchObject({ operationStatus: 'UNKNOWN', retryable: false, operation: null });
    const [note] = payload.messages;
    expect(note?.message).toContain(payload.requestId);
    expect(note?.message).toContain(`${DELETE_PATH}/status?operationID=`);
    expect(stack.emulator.calls.slice(before).filter((c) => c.path.startsWith(DELETE_PATH))).toHaveLength(1);
  });

  it('replays an UNKNOWN request sent again with its Idempotency-Key: SFMC gets it once', async () => {
    stack.emulator.injectFault({ route: 'deleteContacts', kind: { type: 'reset-after-processing' } });
    const before = stack.emulator.calls.length;
    const headers = { ...admin, 'idempotency-key': 'privacy-request-1' };
    const variables = { input: { contactKeys: ['del-1'] } };
    const first = await stack.graphql(RequestContactDeletionDocument, variables, headers);
    const again = await stack.graphql(RequestContactDeletionDocument, variables, headers);
    expect(first.data?.requestContactDeletion.operationStatus).toBe('UNKNOWN');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.data).toEqual(first.data);
    expect(stack.emulator.calls.slice(before).filter((c) => c.path.startsWith(DELETE_PATH))).toHaveLength(1);
  });

  it('answers null for an operation SFMC does not know, INVALID_ID for an id it did not make', async () => {
    const unknown = contactOperationGlobalId({ kind: 'DELETE', operationId: '999', requestedAt: 0, owner: '' });
    expect(await follow(unknown, admin)).toBeNull();
    const bad = await stack.graphql(ContactOperationDocument, { id: 'not-an-id' }, admin);
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_ID');
  });

  it('reads an undocumented status value as DELETING and logs it', async () => {
    const res = await stack.graphql(RequestContactDeletionDocument, { input: { contactKeys: ['del-1'] } }, admin);
    const id = res.data!.requestContactDeletion.operation!.id;
    const body = {
      backgroundOperationsSummary: [{ backgroundOperationID: 1, backgroundOperationStatusID: 'Reticulating' }],
      numberofRestorableDays: 14,
      operation: { operationID: 1, status: 'Completed' },
    };
    stack.emulator.injectFault({ route: 'deleteOperationStatus', kind: { type: 'status', status: 200, body } });
    expect((await follow(id, admin))?.status).toBe('DELETING');
    const line = stack.logs.findLast((l) => l.operation === 'ContactOperation');
    expect(JSON.stringify(line?.upstream)).toContain(
      'undocumented operation status (backgroundOperationStatusID=\\"Reticulating\\")',
    );
  });
});

describe('contact operations with AUTH_SELF_SERVICE_DELETION=on', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { ...AUTH_ENV, AUTH_SELF_SERVICE_DELETION: 'on' } });
    await seed(stack, await bearer('back-office', true), 'me');
  });
  afterAll(() => stack.close());

  it('lets a self-service caller delete their own contact, and follow it alone', async () => {
    const me = await bearer('me');
    const res = await stack.graphql(RequestContactDeletionDocument, { input: { contactKeys: ['me'] } }, me);
    const payload = res.data!.requestContactDeletion;
    expect(payload.operationStatus).toBe('OK');
    expect(stack.emulator.calls.find((c) => c.path === `${DELETE_PATH}?type=keys`)?.body).toMatchObject({ values: ['me'] });
    stack.emulator.advanceOperations(3);
    const followed = await stack.graphql(ContactOperationDocument, { id: payload.operation!.id }, me);
    expect(followed.data?.contactOperation?.status).toBe('DELETED');
    expect(stack.emulator.getContact('me')).toBeUndefined();
  });
});

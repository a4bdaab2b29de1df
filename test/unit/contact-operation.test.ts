import { describe, expect, it } from 'vitest';
import { operationTarget, canReadOperation } from '../../src/auth/authorize-contact-operation.js';
import type { AuthConfig } from '../../src/auth/index.js';
import { contactOperationGlobalId, contactOperationOfGlobalId } from '../../src/schema/contact-operation-id.js';
import {
  checkOperationKeys,
  DELETION_VALUES,
  operationRequestBody,
  operationState,
  readOperationRequest,
  SUPPRESSION_VALUES,
  type ContactOperationKind,
} from '../../src/translate/contact-operation.js';

/** A status answer as SFMC shapes it: phase 1's value, and phase 2's when it started. */
const answer = (phase1: string, phase2?: string) => ({
  operationMappings: [],
  backgroundOperationsSummary:
    phase2 === undefined
      ? []
      : [{ backgroundOperationID: 1, createdDate: '2019-07-02T14:27:42.4039', backgroundOperationStatusID: phase2 }],
  numberofRestorableDays: 14,
  operation: { deleteType: 'ContactAndAttributes', operationID: 1, status: phase1, lastProcessedMilestone: phase1 },
  resultMessages: [],
});

describe('operationState: both of SFMC phases as one status', () => {
  // Every documented combination, and the one status each maps to.
  const DELETE_TABLE: Record<string, string> = {
    'Pending/-': 'QUEUED',
    'Completed/-': 'SUPPRESSED',
    'Completed/Processing': 'DELETING',
    'Completed/Completed': 'DELETED',
    'Completed/Aborted': 'ABORTED',
    'Completed/Invalid': 'INVALID',
  };

  it('maps every documented value of a deletion to exactly one status, nothing logged', () => {
    const seen = new Set<string>();
    for (const phase1 of SUPPRESSION_VALUES) {
      const phase2s = phase1 === 'Pending' ? [undefined] : [undefined, ...DELETION_VALUES];
      for (const phase2 of phase2s) {
        const key = `${phase1}/${phase2 ?? '-'}`;
        const state = operationState('DELETE', answer(phase1, phase2));
        expect(state, key).toEqual({ status: DELETE_TABLE[key], restorableDays: 14 });
        seen.add(key);
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(DELETE_TABLE).sort());
    // Phase 2's final values each have a status of their own.
    const finals = ['Completed', 'Aborted', 'Invalid'].map((v) => operationState('DELETE', answer('Completed', v))?.status);
    expect(new Set(finals).size).toBe(3);
  });

  it('maps a restriction: QUEUED until phase 1 is done, then RESTRICTED', () => {
    expect(operationState('RESTRICT', answer('Pending'))?.status).toBe('QUEUED');
    expect(operationState('RESTRICT', answer('Completed'))?.status).toBe('RESTRICTED');
    expect(operationState('RESTRICT', answer('Completed', 'Processing'))?.status).toBe('RESTRICTED');
    expect(operationState('RESTRICT', answer('Completed', 'Invalid'))?.status).toBe('INVALID');
  });

  it('reads an undocumented value as still processing (DELETING) and returns it to be logged', () => {
    expect(operationState('DELETE', answer('Completed', 'Reticulating'))).toEqual({
      status: 'DELETING',
      restorableDays: 14,
      undocumented: 'backgroundOperationStatusID="Reticulating"',
    });
    expect(operationState('DELETE', answer('Started'))).toMatchObject({
      status: 'DELETING',
      undocumented: 'operation.status="Started"',
    });
    expect(operationState('RESTRICT', answer('Started'))).toMatchObject({ status: 'QUEUED' });
    const long = operationState('DELETE', answer('Completed', 'x'.repeat(500)));
    expect(long?.undocumented?.length).toBeLessThan(80);
  });

  it('takes the latest background operation, and null for an answer without an operation', () => {
    const two = {
      ...answer('Completed'),
      backgroundOperationsSummary: [
        { createdDate: '2019-07-03T00:00:00', backgroundOperationStatusID: 'Completed' },
        { createdDate: '2019-07-02T00:00:00', backgroundOperationStatusID: 'Aborted' },
      ],
    };
    expect(operationState('DELETE', two)?.status).toBe('DELETED');
    expect(operationState('DELETE', { resultMessages: [] })).toBeNull();
    expect(operationState('DELETE', { ...answer('Pending'), numberofRestorableDays: 'x' })?.restorableDays).toBeNull();
  });
});

describe('requests', () => {
  it('builds the bodies SFMC documents', () => {
    expect(operationRequestBody('DELETE', ['a'])).toEqual({ values: ['a'], DeleteOperationType: 'ContactAndAttributes' });
    expect(operationRequestBody('RESTRICT', ['a'])).toEqual({ Values: ['a'] });
  });

  it('reads an initiated operation, and anything without an id as a refusal with its messages', () => {
    expect(readOperationRequest({ operationInitiated: true, operationID: 2, requestServiceMessageID: 'r' })).toEqual({
      initiated: true,
      operationId: '2',
      requestServiceMessageId: 'r',
    });
    expect(readOperationRequest({ operationInitiated: false, resultMessages: [{ message: 'No feature' }] })).toEqual({
      initiated: false,
      messages: ['No feature'],
      requestServiceMessageId: null,
    });
    expect(readOperationRequest({ operationInitiated: true, operationID: -1 })).toMatchObject({ initiated: false });
  });

  it('checks the keys: at least one, at most 100, none blank, none twice', () => {
    expect(checkOperationKeys([])).toMatchObject([{ code: 'EMPTY', field: ['input', 'contactKeys'] }]);
    expect(checkOperationKeys(Array.from({ length: 101 }, (_, i) => `k${i}`))).toMatchObject([{ code: 'TOO_MANY_KEYS' }]);
    expect(checkOperationKeys(Array.from({ length: 100 }, (_, i) => `k${i}`))).toEqual([]);
    expect(checkOperationKeys(['a', ' ', 'a'])).toMatchObject([
      { code: 'BLANK', field: ['input', 'contactKeys', '1'] },
      { code: 'DUPLICATE', field: ['input', 'contactKeys', '2'] },
    ]);
  });
});

describe('who may request and read an operation', () => {
  const writable = new Map() as never;
  const policy = (selfServiceDeletion: boolean): AuthConfig => ({
    mode: 'off',
    selfServiceWritable: writable,
    selfServiceDeletion,
  });
  const user = (contactKey: string, admin = false) =>
    ({ kind: 'user', subject: contactKey, contactKey, admin, scopes: [] }) as const;
  const target = (kind: ContactOperationKind, keys: string[] | undefined, on = false, caller = user('me')) =>
    operationTarget(caller, kind, keys, policy(on));

  it('lets an admin name keys, and asks for them', () => {
    expect(target('DELETE', ['a', 'b'], false, user('ops', true))).toEqual({
      contactKeys: ['a', 'b'],
      owner: '',
      userErrors: [],
    });
    expect(target('DELETE', undefined, false, user('ops', true)).userErrors).toMatchObject([{ code: 'REQUIRED' }]);
  });

  it('keeps a self-service caller to their own contact, and its deletion behind AUTH_SELF_SERVICE_DELETION', () => {
    expect(target('RESTRICT', undefined)).toEqual({ contactKeys: ['me'], owner: 'me', userErrors: [] });
    expect(target('RESTRICT', ['me'])).toEqual({ contactKeys: ['me'], owner: 'me', userErrors: [] });
    expect(target('RESTRICT', ['you']).userErrors).toMatchObject([{ code: 'NOT_ALLOWED' }]);
    expect(target('DELETE', ['me', 'you'], true).userErrors).toMatchObject([{ code: 'NOT_ALLOWED' }]);
    expect(target('DELETE', undefined).userErrors).toMatchObject([{ code: 'SELF_SERVICE_DELETION_OFF' }]);
    expect(target('DELETE', undefined, true)).toEqual({ contactKeys: ['me'], owner: 'me', userErrors: [] });
  });

  it('lets admins read any operation, a self-service caller only their own', () => {
    expect(canReadOperation(user('ops', true), '')).toBe(true);
    expect(canReadOperation(user('me'), 'me')).toBe(true);
    expect(canReadOperation(user('me'), 'you')).toBe(false);
    expect(canReadOperation(user('me'), '')).toBe(false);
  });
});

describe('ContactOperation global ids', () => {
  const ref = { kind: 'DELETE', operationId: '42', requestedAt: 1_700_000_000_000, owner: 'a:b@example.com' } as const;

  it('round-trips, owner colons included', () => {
    expect(contactOperationOfGlobalId(contactOperationGlobalId(ref))).toEqual(ref);
    expect(contactOperationOfGlobalId(contactOperationGlobalId({ ...ref, kind: 'RESTRICT', owner: '' }))).toMatchObject({
      kind: 'RESTRICT',
      owner: '',
    });
  });

  it('decodes only ids this service made, in their one encoding', () => {
    const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    expect(contactOperationOfGlobalId(b64('ContactOperation:PURGE:1:0:'))).toBeUndefined();
    expect(contactOperationOfGlobalId(b64('ContactOperation:DELETE:01:0:'))).toBeUndefined();
    expect(contactOperationOfGlobalId(b64('Contact:someone'))).toBeUndefined();
    expect(contactOperationOfGlobalId(`${contactOperationGlobalId(ref)}=`)).toBeUndefined();
  });
});

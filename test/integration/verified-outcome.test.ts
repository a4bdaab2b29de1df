import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FaultKind } from '../../src/emulator/index.js';
import { startStack, UPSTREAM, type GraphqlResponse, type Stack } from '../support/stack.js';

/**
 * Verified outcomes, end to end: the emulator loses SFMC's answer to a PATCH (a reset after
 * processing it, a 500 before processing it), and the service reads the contact back for
 * the attributes it sent to learn whether the update was applied.
 */

const KEY = 'acruz@example.com';
const UPDATE = `mutation UpdateContact($input: UpdateContactInput!) {
  updateContact(input: $input) {
    operationStatus verification retryable hasErrors contactKey contactId
    messages { resultType resultClass resultCode message }
  }
}`;

interface Payload {
  operationStatus: string;
  verification: string | null;
  retryable: boolean;
  hasErrors: boolean;
  contactKey: string | null;
  contactId: string | null;
  messages: { resultCode: string | null; message: string | null }[];
}
type Answer = GraphqlResponse<{ updateContact: Payload }>;

/** Every read attempt the client makes for one read (the first and its retries). */
const READ_ATTEMPTS = UPSTREAM.maxRetries + 1;

describe('verified outcomes', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  afterEach(() => stack.emulator.clearFaults());

  const inject = (route: 'updateContact' | 'searchAttributes', kind: FaultKind, times?: number) =>
    stack.emulator.injectFault({ route, kind, ...(times !== undefined ? { times } : {}) });
  const update = (input: Record<string, unknown>, key?: string) =>
    stack.post(
      { query: UPDATE, variables: { input: { contactKey: KEY, ...input } } },
      key ? { 'idempotency-key': key } : {},
    ) as Promise<Answer>;
  const count = (method: 'PATCH' | 'POST', path: string) => stack.emulator.callCount(method, path);
  const patches = () => count('PATCH', '/contacts/v1/contacts');
  const searches = () => count('POST', '/contacts/v1/attributes/search');
  const demographics = () => stack.emulator.getContact(KEY)?.attributeSets['Email Demographics']?.[0];

  it('an answer SFMC gave is SFMC_RESPONSE, and no read-back is made', async () => {
    const before = searches();
    const answer = await update({ emailDemographics: { firstName: 'Plain' } });
    expect(answer.data?.updateContact).toMatchObject({ operationStatus: 'OK', verification: 'SFMC_RESPONSE' });
    expect(searches()).toBe(before);
  });

  it('a reset after SFMC processed the PATCH: read back, every value there, OK with READ_BACK', async () => {
    inject('updateContact', { type: 'reset-after-processing' });
    const [patchesBefore, searchesBefore] = [patches(), searches()];
    const answer = await update({
      emailDemographics: { firstName: 'Verified', lastName: 'Cruz' },
      emailAddresses: [{ emailAddress: KEY, htmlEnabled: true }],
    });
    expect(answer.status).toBe(200);
    expect(answer.data?.updateContact).toMatchObject({
      operationStatus: 'OK',
      verification: 'READ_BACK',
      retryable: false,
      hasErrors: false,
      contactKey: KEY,
      contactId: '12345678',
    });
    expect(answer.data?.updateContact.messages[0]?.resultCode).toBe('READ_BACK');
    expect(patches() - patchesBefore).toBe(1);
    // One attributes search, for exactly the attributes sent.
    expect(searches() - searchesBefore).toBe(1);
    const search = stack.emulator.calls.filter((c) => c.path.startsWith('/contacts/v1/attributes/search')).at(-1);
    const sent = search?.body as { request?: { attributes: { key: string }[] } } | undefined;
    const asked = (sent?.request?.attributes ?? []).map((a) => a.key);
    expect(asked.sort()).toEqual(
      [
        'Contact.Contact ID',
        'Contact.Contact Key',
        'Email Addresses.Email Address',
        'Email Addresses.HTML Enabled',
        'Email Demographics.First Name',
        'Email Demographics.Last Name',
      ].sort(),
    );
    expect(demographics()?.['First Name']).toBe('Verified');
  });

  it('an answer lost before SFMC processed the PATCH: the values are not there, UNKNOWN stays, retryable', async () => {
    inject('updateContact', { type: 'status', status: 500 });
    const before = demographics()?.['First Name'];
    const answer = await update({ emailDemographics: { firstName: 'NeverApplied' } });
    expect(answer.data?.updateContact).toMatchObject({ operationStatus: 'UNKNOWN', verification: null, retryable: true });
    const read = answer.data?.updateContact.messages.find((m) => m.resultCode === 'READ_BACK');
    expect(read?.message).toMatch(/does not hold every value sent to 'Email Demographics'/);
    expect(demographics()?.['First Name']).toBe(before);
  });

  it('a read-back that fails too leaves UNKNOWN; the resend with the same key verifies first and sends nothing', async () => {
    inject('updateContact', { type: 'reset-after-processing' });
    inject('searchAttributes', { type: 'status', status: 500 }, READ_ATTEMPTS);
    const key = `verify-first-${Date.now()}`;
    const patchesBefore = patches();
    const lost = await update({ emailDemographics: { firstName: 'ResentOnce' } }, key);
    expect(lost.data?.updateContact).toMatchObject({ operationStatus: 'UNKNOWN', retryable: true });
    expect(lost.data?.updateContact.messages.at(-1)?.message).toMatch(/the read failed/);

    const resend = await update({ emailDemographics: { firstName: 'ResentOnce' } }, key);
    expect(resend.headers['idempotent-replayed']).toBeUndefined();
    expect(resend.data?.updateContact).toMatchObject({ operationStatus: 'OK', verification: 'READ_BACK' });
    // One PATCH applied in all: the resend found the values there.
    expect(patches() - patchesBefore).toBe(1);
    expect(demographics()?.['First Name']).toBe('ResentOnce');
    // Final now: stored and replayed.
    const third = await update({ emailDemographics: { firstName: 'ResentOnce' } }, key);
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(third.data).toEqual(resend.data);
    expect(patches() - patchesBefore).toBe(1);
  });

  it('the resend after UNKNOWN sends the update when the values are not there', async () => {
    inject('updateContact', { type: 'status', status: 500 });
    const key = `verify-then-send-${Date.now()}`;
    const lost = await update({ emailDemographics: { firstName: 'SentOnResend' } }, key);
    expect(lost.data?.updateContact.operationStatus).toBe('UNKNOWN');
    const [patchesBefore, searchesBefore] = [patches(), searches()];
    const resend = await update({ emailDemographics: { firstName: 'SentOnResend' } }, key);
    expect(resend.data?.updateContact).toMatchObject({ operationStatus: 'OK', verification: 'SFMC_RESPONSE' });
    expect(patches() - patchesBefore).toBe(1);
    expect(searches() - searchesBefore).toBe(1);
    expect(demographics()?.['First Name']).toBe('SentOnResend');
  });

  it('a resend after UNKNOWN with other variables is refused: 422 IDEMPOTENCY_KEY_REUSED', async () => {
    inject('updateContact', { type: 'status', status: 500 });
    const key = `unknown-then-other-${Date.now()}`;
    expect((await update({ emailDemographics: { firstName: 'One' } }, key)).data?.updateContact.operationStatus).toBe('UNKNOWN');
    const before = patches();
    const other = await update({ emailDemographics: { firstName: 'Two' } }, key);
    expect(other.status).toBe(422);
    expect(other.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(patches()).toBe(before);
  });
});

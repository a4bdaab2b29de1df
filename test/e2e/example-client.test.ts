import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContactsClient, ProfileForm, saveContact } from '../../examples/contact-client.js';
import { startStack, type Stack } from '../support/stack.js';

const KEY = 'acruz@example.com';

/** examples/: the typed frontend client (graphql-request + generated documents) against the server over loopback. */
describe('the example frontend client', () => {
  let stack: Stack;
  let url: string;
  const patches = () => stack.emulator.callCount('PATCH', '/contacts/v1/contacts');
  const demographics = () => stack.emulator.getContact(KEY)?.attributeSets['Email Demographics']?.[0];

  beforeAll(async () => {
    stack = await startStack();
    url = `${stack.app.url}/graphql`;
  });
  afterAll(() => stack.close());

  it('saves an edit (OK) and reads the contact back as SFMC holds it', async () => {
    const result = await saveContact(createContactsClient(url), {
      contactKey: KEY,
      emailDemographics: { firstName: 'Angie', lastName: 'Cruz' },
    });
    expect(result).toEqual({
      saved: true,
      contact: { contactKey: KEY, emailDemographics: { firstName: 'Angie', lastName: 'Cruz' } },
      requestId: expect.any(String),
      verification: 'SFMC_RESPONSE',
    });
    expect(demographics()).toMatchObject({ 'First Name': 'Angie' });
  });

  it('keeps the edits on INVALID, naming every field, and nothing reaches SFMC', async () => {
    const before = stack.emulator.calls.length;
    const result = await saveContact(createContactsClient(url), {
      contactKey: KEY,
      emailAddresses: [{ emailAddress: 'not-an-address' }],
      emailDemographics: { firstName: ' ' },
    });
    expect(result).toMatchObject({
      saved: false,
      reason: 'INVALID',
      field: 'input.emailAddresses[0].emailAddress',
      message: expect.not.stringMatching(/^input\./), // what is wrong, for next to the field
      retryable: false,
      problems: [
        { field: 'input.emailAddresses[0].emailAddress', code: 'INVALID_FORMAT', message: expect.any(String) },
        { field: 'input.emailDemographics.firstName', code: 'BLANK', message: expect.any(String) },
      ],
    });
    expect(stack.emulator.calls.length).toBe(before);
  });

  it("keeps the edits on FAIL with SFMC's messages", async () => {
    const result = await saveContact(createContactsClient(url), {
      contactKey: 'nobody@example.com',
      emailDemographics: { firstName: 'No' },
    });
    expect(result).toMatchObject({ saved: false, reason: 'FAIL', retryable: false, requestId: expect.any(String) });
    expect(result.saved === false && result.message).toBeTruthy();
  });

  it('keeps the edits on UNKNOWN, and sending them again converges', async () => {
    // Lost before SFMC processed it: the read-back does not find the values, so the outcome stays UNKNOWN.
    stack.emulator.injectFault({ route: 'patch', kind: { type: 'reset-before-processing' } });
    const input = { contactKey: KEY, emailDemographics: { firstName: 'Angela' } };
    const client = createContactsClient(url);
    expect(await saveContact(client, input)).toMatchObject({ saved: false, reason: 'UNKNOWN', retryable: true });
    const before = patches();
    expect(await saveContact(client, input)).toMatchObject({ saved: true });
    expect(patches()).toBe(before + 1);
    expect(demographics()).toMatchObject({ 'First Name': 'Angela' });
  });

  it('keeps the edits on a retryable error code (SFMC unavailable) and when there is no connection', async () => {
    stack.emulator.injectFault({ route: 'patch', kind: { type: 'status', status: 503 } });
    expect(
      await saveContact(createContactsClient(url), { contactKey: KEY, emailDemographics: { firstName: 'X' } }),
    ).toMatchObject({
      saved: false,
      reason: 'UPSTREAM_UNAVAILABLE',
      retryable: true,
    });
    expect(demographics()).toMatchObject({ 'First Name': 'Angela' });

    // Port 9 (discard) is closed on loopback: the request never gets an answer.
    expect(await saveContact(createContactsClient('http://127.0.0.1:9/graphql'), { contactKey: KEY })).toMatchObject({
      saved: false,
      reason: 'NETWORK',
      retryable: true,
    });
  });

  it('a double click on Save sends one submission: applied once, both answered alike', async () => {
    stack.emulator.injectFault({ route: 'patch', kind: { type: 'delay', ms: 200 } });
    const form = new ProfileForm(createContactsClient(url));
    const input = { contactKey: KEY, emailDemographics: { firstName: 'Twice' } };
    const before = patches();
    const [first, second] = await Promise.all([form.save(input), form.save(input)]);
    expect(first).toMatchObject({ saved: true, contact: { emailDemographics: { firstName: 'Twice' } } });
    expect(second).toEqual(first);
    expect(patches()).toBe(before + 1);
  });

  it('"Try again" after UNKNOWN resends with the same key: the service reads back first, one PATCH in all', async () => {
    // Applied, but the answer is lost and so is the read-back (every attempt of it): UNKNOWN.
    stack.emulator.injectFault({ route: 'patch', kind: { type: 'reset-after-processing' } });
    stack.emulator.injectFault({ route: 'searchAttributes', kind: { type: 'status', status: 500 }, times: 3 });
    const form = new ProfileForm(createContactsClient(url));
    const input = { contactKey: KEY, emailDemographics: { firstName: 'Verified' } };
    const before = patches();
    const key = form.idempotencyKey;
    expect(await form.save(input)).toMatchObject({ saved: false, reason: 'UNKNOWN', retryable: true });
    expect(form.idempotencyKey).toBe(key); // not final: "Try again" sends the same submission
    expect(await form.save(input)).toMatchObject({ saved: true, verification: 'READ_BACK' });
    expect(patches()).toBe(before + 1);
    expect(form.idempotencyKey).not.toBe(key); // final: the next Save is a new submission
    expect(demographics()).toMatchObject({ 'First Name': 'Verified' });
  });

  it('runs as a script (npm run example), printing what the page does', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/update-contact.ts', url], {
      cwd: new URL('../..', import.meta.url),
      timeout: 30_000,
    });
    const [rename, email] = stdout.trim().split('\n');
    expect(rename).toMatch(/^rename: saved\. SFMC now holds Angela Cruz-Lopez \(request [\w-]+\)\.$/);
    // The problem itself (e.g. "must be an email address") is the catalog's wording.
    expect(email).toMatch(
      /^new email address: not saved \(INVALID\) input\.emailAddresses\[0\]\.emailAddress: (?!input\.)[^\n]+\. Keep the edits on screen\.$/,
    );
  });
});

describe('the example frontend client against a service with TRUSTED_DOCUMENTS', () => {
  it('saves by document id, where the same client sending document text is refused', async () => {
    const manifest = new URL('../../examples/__generated__/persisted-documents.json', import.meta.url).pathname;
    const stack = await startStack({ http: { trustedDocuments: manifest } });
    try {
      const url = `${stack.app.url}/graphql`;
      const input = { contactKey: KEY, emailDemographics: { firstName: 'Trusted' } };
      expect(await saveContact(createContactsClient(url, undefined, { trustedDocuments: true }), input)).toMatchObject({
        saved: true,
        contact: { emailDemographics: { firstName: 'Trusted' } },
      });
      expect(await saveContact(createContactsClient(url), input)).toMatchObject({
        saved: false,
        reason: 'TRUSTED_DOCUMENT_REQUIRED',
      });
      expect(stack.emulator.callCount('PATCH', '/contacts/v1/contacts')).toBe(1);
    } finally {
      await stack.close();
    }
  });
});

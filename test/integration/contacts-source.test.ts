import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { standardCatalog } from '../../src/catalog/index.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { SfmcClient } from '../../src/sfmc/client.js';
import type { UpstreamCall } from '../../src/sfmc/observer.js';
import { CONTACTS_PER_CALL, ContactsSource } from '../../src/sfmc/contacts-source.js';
import { SfmcError } from '../../src/sfmc/sfmc-error.js';
import { UPSTREAM } from '../support/stack.js';

/** The per-request contacts source against the emulator over loopback: what it batches and when it reads again. */
const KEY = 'acruz@example.com';

describe('ContactsSource', () => {
  let emulator: Emulator;
  let client: SfmcClient;
  let trace: UpstreamCall[];
  let contacts: ContactsSource;

  beforeAll(async () => {
    emulator = await startEmulator();
    client = new SfmcClient({
      authUrl: emulator.url,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      ...UPSTREAM,
    });
  });
  beforeEach(() => {
    emulator.clearFaults();
    trace = [];
    contacts = new ContactsSource(standardCatalog, client, 'request-1', { trace });
  });
  afterAll(async () => {
    await client.close();
    await emulator.close();
  });

  const calls = (endpoint: string) => trace.filter((c) => c.endpoint === endpoint);

  it('reads every contact asked for in one tick with one attributes search, CONTACTS_PER_CALL keys at most', async () => {
    const keys = [KEY, ...Array.from({ length: CONTACTS_PER_CALL + 9 }, (_, i) => `nobody-${i}`)];
    const [one, many] = await Promise.all([contacts.contact(KEY), contacts.contacts(keys)]);
    expect(one?.contactKey).toBe(KEY);
    expect(many[0]).toBe(one);
    expect(many.slice(1).every((c) => c === null)).toBe(true);
    expect(calls('searchAttributes')).toHaveLength(2);
    // Read once per request: asked again, it costs nothing.
    await contacts.contact(KEY);
    expect(calls('searchAttributes')).toHaveLength(2);
  });

  it('batches email searches, whatever the case of the address', async () => {
    const [a, b] = await Promise.all([contacts.contactKeysByEmail(KEY), contacts.contactKeysByEmail(KEY.toUpperCase())]);
    expect(a).toEqual([KEY]);
    expect(b).toEqual([KEY]);
    expect(calls('searchEmailAddresses')).toHaveLength(1);
  });

  it('reads a contact again after updating it (forgetContact)', async () => {
    await contacts.contact(KEY);
    const result = await contacts.updateContact({
      contactKey: KEY,
      attributeSets: [{ name: 'Email Demographics', items: [{ values: [{ name: 'First Name', value: 'Fresh' }] }] }],
    });
    expect(result).toMatchObject({ operationStatus: 'OK', contactKey: KEY, requestId: 'request-1' });
    const again = await contacts.contact(KEY);
    expect(calls('searchAttributes')).toHaveLength(2);
    expect(JSON.stringify(again)).toContain('Fresh');
  });

  it('turns an unknown outcome of the update into a payload, and a provable failure into an SfmcError', async () => {
    // Lost before SFMC processed it: reading the contact back does not find the value, so the outcome stays unknown.
    const values = [{ name: 'First Name', value: 'Never applied' }];
    const body = { contactKey: KEY, attributeSets: [{ name: 'Email Demographics', items: [{ values }] }] };
    emulator.injectFault({ route: 'updateContact', kind: { type: 'status', status: 500 } });
    expect(await contacts.updateContact(body)).toMatchObject({
      operationStatus: 'UNKNOWN',
      retryable: true,
      requestId: 'request-1',
    });
    emulator.injectFault({ route: 'updateContact', kind: { type: 'status', status: 403 } });
    const error = await contacts.updateContact(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SfmcError);
    expect((error as SfmcError).failure).toBe('UPSTREAM_REJECTED');
  });

  it('fails every contact of a batch whose search failed, with the SfmcError', async () => {
    emulator.injectFault({ route: 'searchAttributes', kind: { type: 'status', status: 403 } });
    const error = await contacts.contacts([KEY, 'other']).catch((e: unknown) => e);
    expect((error as SfmcError).failure).toBe('UPSTREAM_REJECTED');
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { standardCatalog } from '../../src/catalog/index.js';
import { startEmulator, type Emulator, type FaultKind } from '../../src/emulator/index.js';
import { SfmcClient, type RestRequest } from '../../src/sfmc/client.js';
import {
  ENDPOINT_NAMES,
  ENDPOINTS,
  type EndpointName,
  type RestEndpointName,
  type WriteEndpointName,
} from '../../src/sfmc/endpoints.js';
import { SfmcError } from '../../src/sfmc/sfmc-error.js';
import { contactSearchBody, emailSearchBody } from '../../src/translate/contact-read.js';
import { smsSubscriptionsBody, translateSmsOptIn } from '../../src/translate/sms-consent.js';
import { preferencesSearchBody, preferencesUpdateBody } from '../../src/translate/tracking-preferences.js';
import { UPSTREAM } from '../support/stack.js';

const SEED_BODY: unknown = JSON.parse(readFileSync(new URL('../fixtures/seed-patch-body.json', import.meta.url), 'utf8'));
const KEY = 'acruz@example.com';

describe('the endpoint table (pure)', () => {
  it('gives every endpoint a resend rule', () => {
    for (const name of ENDPOINT_NAMES) {
      expect(['always', 'if-not-processed'], name).toContain(ENDPOINTS[name].resend);
    }
  });

  it('resends a POST or PATCH after an ambiguous failure only when it is one of the known reads', () => {
    // A new POST (a create, a delete) is a write unless it is added here on purpose.
    const resentAlways = ENDPOINT_NAMES.filter((n) => ENDPOINTS[n].method !== 'GET' && ENDPOINTS[n].resend === 'always');
    expect(resentAlways.sort()).toEqual([
      'contactMembership',
      'searchAttributes',
      'searchEmailAddresses',
      'searchPreferences',
      'searchSmsSubscriptions',
      'token',
    ]);
    expect(
      ENDPOINT_NAMES.filter((n) => ENDPOINTS[n].method === 'PATCH').every((n) => ENDPOINTS[n].resend === 'if-not-processed'),
    ).toBe(true);
  });

  it('declares each method and path once, the token alone on the auth host', () => {
    const routes = ENDPOINT_NAMES.map((n) => `${ENDPOINTS[n].method} ${ENDPOINTS[n].path.toLowerCase()}`);
    expect(new Set(routes).size).toBe(routes.length);
    expect(ENDPOINT_NAMES.filter((n) => ENDPOINTS[n].host === 'auth')).toEqual(['token']);
    for (const name of ENDPOINT_NAMES) expect(ENDPOINTS[name].path, name).toMatch(/^\/[A-Za-z0-9/]+$/);
  });
});

/** A request each write endpoint's emulator route would process; the type asks for one per write. */
const WRITES: Record<WriteEndpointName, RestRequest> = {
  updateContact: { body: SEED_BODY },
  createContact: {
    body: {
      contactKey: 'endpoint-table-new',
      attributeSets: [
        {
          name: 'Email Addresses',
          items: [
            {
              values: [
                { name: 'Email Address', value: 'new@example.com' },
                { name: 'HTML Enabled', value: true },
              ],
            },
          ],
        },
      ],
    },
  },
  deleteContacts: { body: { values: ['nobody@example.com'], DeleteOperationType: 'ContactAndAttributes' } },
  restrictContacts: { body: { Values: ['nobody@example.com'] } },
  updatePreferences: { body: preferencesUpdateBody('12345678', true) },
  queueSmsMo: { body: translateSmsOptIn({ mobileNumber: '+1 555 555 1212', shortCode: '86288', keyword: 'JOIN' }).body },
  fireEvent: { body: { ContactKey: KEY, EventDefinitionKey: 'PreferenceChange-Event', Data: { Topic: 'news' } } },
  fireEvents: { body: { eventDefinitionKey: 'PreferenceChange-Event', members: [{ contactKey: KEY, data: { Topic: 'news' } }] } },
};

/** The 2xx a write's route answers when it processed it, 200 unless listed: journey entry is created (201), queued work accepted (202). */
const PROCESSED_STATUS: Partial<Record<WriteEndpointName, number>> = { queueSmsMo: 202, fireEvent: 201, fireEvents: 202 };

type ReadEndpointName = Exclude<RestEndpointName, WriteEndpointName>;
const READS: Record<ReadEndpointName, RestRequest> = {
  searchAttributes: { body: contactSearchBody(standardCatalog, [KEY]), page: { page: 1, pageSize: 50 } },
  searchEmailAddresses: { body: emailSearchBody([KEY], 10) },
  attributeSetDefinitions: { page: { page: 1, pageSize: 50 } },
  // Operation 1 of each kind: beforeAll queues them.
  deleteOperationStatus: { params: { operationID: '1' } },
  restrictOperationStatus: { params: { operationID: '1' } },
  searchPreferences: { body: preferencesSearchBody(['12345678']) },
  searchSmsSubscriptions: { body: smsSubscriptionsBody([KEY]) },
  eventDefinitions: { page: { page: 1, pageSize: 50 } },
  contactMembership: { body: { ContactKeyList: [KEY] } },
};

/** Failures after which SFMC may have processed the request. */
const AMBIGUOUS: FaultKind[] = [
  { type: 'reset-after-processing' },
  { type: 'status', status: 500 },
  { type: 'status', status: 502 },
  { type: 'status', status: 504 },
  { type: 'malformed-body' },
];

describe("resending by the endpoint's rule (client against the emulator over loopback)", () => {
  let emulator: Emulator;
  let client: SfmcClient;

  beforeAll(async () => {
    emulator = await startEmulator();
    client = new SfmcClient({
      authUrl: emulator.url,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      ...UPSTREAM,
    });
    // The operations the status reads ask for.
    await client.call('deleteContacts', WRITES.deleteContacts);
    await client.call('restrictContacts', WRITES.restrictContacts);
  });
  // Each test counts the calls it made; a reset would also expire the client's token.
  let since = 0;
  beforeEach(() => {
    emulator.clearFaults();
    since = emulator.calls.length;
  });
  afterAll(async () => {
    await client.close();
    await emulator.close();
  });

  const callsTo = (name: EndpointName) =>
    emulator.calls
      .slice(since)
      .filter(
        (c) => c.method === ENDPOINTS[name].method && c.path.split('?')[0]?.toLowerCase() === ENDPOINTS[name].path.toLowerCase(),
      );

  for (const name of Object.keys(WRITES) as WriteEndpointName[]) {
    it(`never resends the write ${name} after an ambiguous failure: OUTCOME_UNKNOWN after one call`, async () => {
      for (const kind of AMBIGUOUS) {
        since = emulator.calls.length;
        emulator.injectFault({ route: name, kind, times: 5 });
        const error = await client.call(name, WRITES[name]).catch((e: unknown) => e);
        expect(error, kind.type).toBeInstanceOf(SfmcError);
        expect((error as SfmcError).failure, JSON.stringify(kind)).toBe('OUTCOME_UNKNOWN');
        expect(callsTo(name), JSON.stringify(kind)).toHaveLength(1);
        emulator.clearFaults();
        // A healthy call between the cases, so the circuit breaker's count of failures in a row starts again.
        await client.call('searchEmailAddresses', READS.searchEmailAddresses);
      }
    });

    it(`resends the write ${name} when SFMC provably did not process it (503 with Retry-After)`, async () => {
      emulator.injectFault({ route: name, kind: { type: 'status', status: 503, headers: { 'retry-after': '0' } } });
      await client.call(name, WRITES[name]);
      expect(callsTo(name).map((c) => c.status)).toEqual([503, PROCESSED_STATUS[name] ?? 200]);
    });
  }

  for (const name of Object.keys(READS) as ReadEndpointName[]) {
    it(`resends the read ${name} after an ambiguous failure`, async () => {
      emulator.injectFault({ route: name, kind: { type: 'reset-after-processing' } });
      await client.call(name, READS[name]);
      expect(callsTo(name).map((c) => c.status)).toEqual([0, 200]);
    });
  }

  it('reports a read that keeps failing ambiguously as UPSTREAM_UNAVAILABLE, never as an unknown outcome', async () => {
    emulator.injectFault({ route: 'searchEmailAddresses', kind: { type: 'status', status: 502 }, times: 3 });
    const error = await client.call('searchEmailAddresses', READS.searchEmailAddresses).catch((e: unknown) => e);
    expect((error as SfmcError).failure).toBe('UPSTREAM_UNAVAILABLE');
    expect(callsTo('searchEmailAddresses')).toHaveLength(3);
  });

  it('refuses a page on an endpoint that does not list in pages, and a missing one where it does', async () => {
    await expect(
      client.call('searchEmailAddresses', { ...READS.searchEmailAddresses, page: { page: 1, pageSize: 5 } }),
    ).rejects.toThrow(TypeError);
    await expect(client.call('attributeSetDefinitions', {})).rejects.toThrow(TypeError);
    expect(emulator.calls.slice(since)).toHaveLength(0);
  });
});

import { readFileSync } from 'node:fs';
import { request, type Dispatcher } from 'undici';
import { expect } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { noteTestCall } from './ledger-check.js';

/**
 * Calls to the emulator as the tests of `test/integration/emulator/` make them: plain
 * HTTP over loopback, the reply's status and parsed JSON body, and the bodies and
 * answers SFMC documents, shared by those tests.
 */

/** The body of SFMC's documented example request for `PATCH /contacts/v1/contacts`. */
export const SEED_BODY: unknown = JSON.parse(readFileSync(new URL('../fixtures/seed-patch-body.json', import.meta.url), 'utf8'));

export const DOCUMENTATION = 'https://developer.salesforce.com/docs/atlas.en-us.mc-apis.meta/mc-apis/error-handling.htm';
export const NOT_AUTHORIZED = { documentation: DOCUMENTATION, errorcode: 0, message: 'Not Authorized' };
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** SFMC's gateway answers to a malformed request, by errorcode. */
export const GATEWAY_400 = {
  10001: { message: 'Invalid Data Type', errorcode: 10001, documentation: DOCUMENTATION },
  10002: { message: 'Missing Required Field', errorcode: 10002, documentation: DOCUMENTATION },
  10004: { message: 'Invalid Message Format', errorcode: 10004, documentation: DOCUMENTATION },
  10005: { message: 'Invalid Value', errorcode: 10005, documentation: DOCUMENTATION },
} as const;

export interface SetDefinition {
  id: string;
  key: string;
  name: { value: string };
  relationships: { relationshipType: string }[];
  attributes: { id: string; key: string }[];
}

/** The fields of the emulator's answers that tests read one by one; the rest is compared whole. */
export interface AnswerBody {
  access_token?: string;
  expires_in?: number;
  token_type?: string;
  rest_instance_url?: string;
  soap_instance_url?: string;
  scope?: string;
  error?: string;
  error_description?: string;
  errorcode?: number;
  operationStatus?: string;
  contactId?: number;
  rowsAffected?: number;
  requestServiceMessageID?: string;
  serviceMessageID?: string;
  responseDateTime?: string;
  resultMessages?: { resultCode: string; message: string }[];
  items?: SetDefinition[];
}

export interface Reply<B = AnswerBody> {
  status: number;
  body: B;
}

export interface CallOptions {
  body?: unknown;
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

export async function call<B = AnswerBody>(
  emulator: Emulator,
  method: Dispatcher.HttpMethod,
  path: string,
  options: CallOptions = {},
): Promise<Reply<B>> {
  const json = options.body !== undefined;
  const response = await request(`${emulator.url}${path}`, {
    method,
    headers: {
      ...(json ? { 'content-type': 'application/json' } : {}),
      ...(options.token !== undefined ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: json ? JSON.stringify(options.body) : options.rawBody,
  });
  const text = await response.body.text();
  // Logged by the emulator, but not the service's call: a stack's ledger check leaves it out.
  noteTestCall(emulator.url, method, path);
  return { status: response.statusCode, body: (text === '' ? {} : JSON.parse(text)) as B };
}

export const credentials = (emulator: Emulator) => ({
  grant_type: 'client_credentials',
  client_id: emulator.clientId,
  client_secret: emulator.clientSecret,
});

export async function tokenFor(emulator: Emulator): Promise<string> {
  const reply = await call(emulator, 'POST', '/v2/token', { body: credentials(emulator) });
  expect(reply.status).toBe(200);
  return String(reply.body.access_token);
}

export const patch = (emulator: Emulator, token: string, body: unknown) =>
  call(emulator, 'PATCH', '/contacts/v1/contacts', { body, token });

export type Row = Record<string, unknown>;

export const values = (row: Row) => Object.entries(row).map(([name, value]) => ({ name, value }));

/** A PATCH body for `contactKey` with one attribute set, one item per row. */
export const patchBody = (contactKey: string, setName: string, ...rows: Row[]) => ({
  contactKey,
  attributeSets: [{ name: setName, items: rows.map((row) => ({ values: values(row) })) }],
});

export const oneSet = (setName: string, ...rows: Row[]) => patchBody('acruz@example.com', setName, ...rows);

/**
 * Contacts for the search tests, made by PATCH in 'create' mode in this order (ids
 * 10000001-10000003) next to the seeded acruz@example.com (id 12345678).
 */
export async function seedSearchContacts(emulator: Emulator, bearer: string): Promise<void> {
  emulator.setOptions({ unknownContact: 'create' });
  const email = (address: string, htmlEnabled: boolean) => ({ 'Email Address': address, 'HTML Enabled': htmlEnabled });
  const bodies = [
    {
      contactKey: 'k1',
      attributeSets: [
        { name: 'Email Addresses', items: [email('k1a@example.com', true), email('k1b@example.com', false)] },
        { name: 'Email Demographics', items: [{ 'First Name': 'Kim' }] },
      ].map(({ name, items }) => ({ name, items: items.map((row) => ({ values: values(row) })) })),
    },
    patchBody('k2', 'Email Addresses', email('k2@example.com', true)),
    patchBody('k3', 'Email Demographics', { 'First Name': 'Lee' }),
    patchBody('acruz@example.com', 'Email Demographics', { 'First Name': 'Angela' }),
  ];
  for (const body of bodies) expect((await patch(emulator, bearer, body)).body.operationStatus).toBe('OK');
}

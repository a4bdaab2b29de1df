import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalog, standardCatalog, type CatalogGroup } from '../../src/catalog/index.js';
import { assertNoSecrets, startStack, type GraphqlResponse, type Stack } from '../support/stack.js';

/**
 * Values that passed the input rules and should not have (issue 15, items 14-17), over loopback: each is
 * answered 200 with `operationStatus: INVALID` and the userError at its path, and SFMC (the emulator) saw nothing.
 */

const UPDATE = `mutation UpdateContact($input: UpdateContactInput!) {
  updateContact(input: $input) { operationStatus contactId messages { resultCode } userErrors { field code message } }
}`;

type Payload = {
  operationStatus: string;
  contactId: string | null;
  messages: { resultCode: string }[];
  userErrors: { field: string[]; code: string; message: string }[];
};
type UpdateResponse = GraphqlResponse<{ updateContact: Payload }>;

/** The standard catalog, with a Date attribute (Birthday) in Email Demographics: the standard model has none. */
const withBirthday = createCatalog(
  standardCatalog.groups.map(
    (group): CatalogGroup =>
      group.graphqlName !== 'emailDemographics'
        ? group
        : {
            ...group,
            attributes: [
              ...group.attributes,
              {
                sfmcName: 'Birthday',
                key: 'Birthday',
                graphqlName: 'birthday',
                dataType: 'Date',
                isPrimaryKey: false,
                isNullable: true,
                description: 'A date attribute, for the date rules.',
              },
            ],
          },
  ),
);

let stack: Stack;
const responses: string[] = [];

beforeAll(async () => {
  stack = await startStack({ catalog: withBirthday });
});
afterAll(async () => {
  assertNoSecrets([...responses, stack.logText()], [stack.emulator.clientSecret]);
  await stack?.close();
});

const patches = () => stack.emulator.calls.filter((c) => c.path === '/contacts/v1/contacts');

/** Sends the update and asserts it was refused before sending; its userErrors as `path CODE`, and the messages. */
async function refused(input: Record<string, unknown>): Promise<{ errors: string[]; messages: string[] }> {
  const before = stack.emulator.calls.length;
  const res = (await stack.post({ query: UPDATE, variables: { input } })) as UpdateResponse;
  responses.push(JSON.stringify(res));
  expect(stack.emulator.calls.length).toBe(before);
  expect(res.status).toBe(200);
  expect(res.errors).toBeUndefined();
  const payload = res.data!.updateContact;
  expect(payload.operationStatus).toBe('INVALID');
  return {
    errors: payload.userErrors.map((e) => `${e.field.join('.')} ${e.code}`),
    messages: payload.userErrors.map((e) => e.message),
  };
}

/** POSTs a JSON text as written (numbers JSON.stringify could not write). */
async function rawPost(text: string) {
  const res = await request(`${stack.app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: text,
  });
  const body = await res.body.text();
  responses.push(body);
  return { status: res.statusCode, json: JSON.parse(body) as UpdateResponse };
}

describe('14. date-times with a time or offset that does not exist', () => {
  it.each(['2024-01-01T25:99:99Z', '2024-01-01T10:00:00+99:99', '2024-01-01T23:59:60Z', '2024-01-01T10:00:00-15:00'])(
    '%s is INVALID_DATE',
    async (birthday) => {
      const { errors } = await refused({ contactKey: 'k', emailDemographics: { birthday } });
      expect(errors).toEqual(['input.emailDemographics.birthday INVALID_DATE']);
    },
  );
});

describe('15. invisible or blank-looking characters', () => {
  it.each([
    ['U+3164 alone', '\u3164'],
    ['U+2800', '\u2800'],
    ['U+00AD', '\u00ad'],
    ['tag characters', '\u{E0020}\u{E0067}'],
    ['a lone variation selector', '\uFE0F'],
    ['a run of combining marks', '\u0301\u0302\u0303'],
  ])('%s as the key, a name or the whole value is BLANK', async (_what, text) => {
    const { errors } = await refused({
      contactKey: text,
      emailDemographics: { firstName: text, extraAttributes: [{ name: text, value: 'x' }] },
      attributeSets: [{ name: 'Prefs', items: [{ values: [{ name: 'Note', value: text }] }] }],
    });
    expect(errors).toEqual([
      'input.contactKey BLANK',
      'input.emailDemographics.firstName BLANK',
      'input.emailDemographics.extraAttributes.0.name BLANK',
      'input.attributeSets.0.items.0.values.0.value BLANK',
    ]);
  });

  it('inside a key or name it is INVALID_CHARACTERS, named by its code point; a stack of marks too', async () => {
    const { errors, messages } = await refused({
      contactKey: 'ann\u3164@example.com',
      attributeSets: [{ name: 'Pre\u00adfs', items: [{ values: [{ name: `Z${'\u0301'.repeat(8)}algo`, value: 1 }] }] }],
    });
    expect(errors).toEqual([
      'input.contactKey INVALID_CHARACTERS',
      'input.attributeSets.0.name INVALID_CHARACTERS',
      'input.attributeSets.0.items.0.values.0.name INVALID_CHARACTERS',
    ]);
    expect(messages[0]).toContain('U+3164');
    expect(messages[1]).toContain('U+00AD');
  });
});

describe('16. contact ids within SFMC 64-bit range, exact', () => {
  it.each([
    ['9223372036854775808', 'OUT_OF_RANGE'],
    ['99999999999999999999', 'INVALID_FORMAT'],
    ['0', 'OUT_OF_RANGE'],
  ])('%s is %s', async (contactId, code) => {
    const { errors } = await refused({ contactId, emailDemographics: { firstName: 'A' } });
    expect(errors).toEqual([`input.contactId ${code}`]);
  });

  it('a 19-digit id is sent as its digits, exactly, and answered by SFMC (not a 502)', async () => {
    const before = patches().length;
    const res = (await stack.post({
      query: UPDATE,
      variables: { input: { contactId: '9223372036854775807', emailDemographics: { firstName: 'A' } } },
    })) as UpdateResponse;
    responses.push(JSON.stringify(res));
    expect(res.status).toBe(200);
    expect(res.data?.updateContact).toMatchObject({ operationStatus: 'FAIL', messages: [{ resultCode: 'ContactNotFound' }] });
    expect(
      patches()
        .slice(before)
        .map((c) => (c.body as { contactId?: unknown }).contactId),
    ).toEqual(['9223372036854775807']);
  });

  it('a JSON number beyond 2^53 is a 400 before anything runs: JSON has already changed it', async () => {
    const before = stack.emulator.calls.length;
    for (const input of [
      '{"contactId":9007199254740993,"emailDemographics":{"firstName":"A"}}',
      '{"contactKey":"k","attributeSets":[{"name":"Prefs","items":[{"values":[{"name":"Card","value":12345678901234567890}]}]}]}',
    ]) {
      const res = await rawPost(`{"query":${JSON.stringify(UPDATE)},"variables":{"input":${input}}}`);
      expect(res.status).toBe(400);
      expect(res.json.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      expect(res.json.errors?.[0]?.message).toContain('as a string');
    }
    expect(stack.emulator.calls.length).toBe(before);
  });

  it('in the document itself, an id keeps its digits and a whole-number value beyond 2^53 is OUT_OF_RANGE', async () => {
    const before = patches().length;
    const inline = (await stack.post({
      query: `mutation { updateContact(input: { contactId: 9007199254740993, emailDemographics: { firstName: "A" } }) { operationStatus } }`,
    })) as UpdateResponse;
    expect(inline.data?.updateContact.operationStatus).toBe('FAIL');
    expect(
      patches()
        .slice(before)
        .map((c) => (c.body as { contactId?: unknown }).contactId),
    ).toEqual(['9007199254740993']);

    const calls = stack.emulator.calls.length;
    const value = (await stack.post({
      query: `mutation { updateContact(input: { contactKey: "k", attributeSets: [{ name: "Prefs", items: [{ values: [{ name: "Card", value: 9007199254740993 }] }] }] }) { operationStatus userErrors { field code } } }`,
    })) as UpdateResponse;
    responses.push(JSON.stringify(inline), JSON.stringify(value));
    expect(stack.emulator.calls.length).toBe(calls);
    expect(value.data?.updateContact).toEqual({
      operationStatus: 'INVALID',
      userErrors: [{ field: ['input', 'attributeSets', '0', 'items', '0', 'values', '0', 'value'], code: 'OUT_OF_RANGE' }],
    });
  });
});

describe('17. malformed emails and phones, repeated rows', () => {
  it.each(['a@b..c', 'a..b@c.d', '.a@b.c', 'a@-.-'])('the email %s is INVALID_FORMAT', async (emailAddress) => {
    const { errors } = await refused({ contactKey: 'k', emailAddresses: [{ emailAddress }] });
    expect(errors).toEqual(['input.emailAddresses.0.emailAddress INVALID_FORMAT']);
  });

  it('a phone number with no digit is INVALID_FORMAT', async () => {
    const { errors } = await refused({ contactKey: 'k', mobileConnectDemographics: [{ mobileNumber: '---' }] });
    expect(errors).toEqual(['input.mobileConnectDemographics.0.mobileNumber INVALID_FORMAT']);
  });

  it('20 identical rows for one key are DUPLICATE from the second on', async () => {
    const { errors } = await refused({
      contactKey: 'k',
      emailAddresses: Array.from({ length: 20 }, () => ({ emailAddress: 'ann@example.com' })),
    });
    expect(errors).toEqual(Array.from({ length: 19 }, (_, i) => `input.emailAddresses.${i + 1}.emailAddress DUPLICATE`));
  });

  it('keys differing only by case are DUPLICATE, in typed and untyped groups', async () => {
    const { errors, messages } = await refused({
      contactKey: 'k',
      mobilePushDemographics: [
        { deviceId: 'Device-1', application: 'App' },
        { deviceId: 'DEVICE-1', application: 'app' },
      ],
      attributeSets: [
        {
          name: 'Prefs',
          items: [{ values: [{ name: 'Store', value: 'North' }] }, { values: [{ name: 'store', value: 'NORTH' }] }],
        },
      ],
    });
    expect(errors).toEqual(['input.mobilePushDemographics.1.deviceId DUPLICATE', 'input.attributeSets.0.items.1 DUPLICATE']);
    expect(messages[0]).toContain('row 0');
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import {
  call,
  GATEWAY_400,
  NOT_AUTHORIZED,
  type Reply,
  seedSearchContacts,
  tokenFor,
  UUID,
} from '../../support/emulator-calls.js';

/** `POST /contacts/v1/attributes/search`: attribute values of the contacts that match, paged. */

interface SearchValue {
  id: string;
  key: string;
  name: string;
  value: string | null;
}

interface AttributeSearchBody {
  page: number;
  pageSize: number;
  count: number;
  items: { values: SearchValue[] }[];
  responseDateTime: string;
}

const ATTRIBUTE_SEARCH_KEYS = [
  'page',
  'pageSize',
  'count',
  'items',
  'links',
  'requestServiceMessageID',
  'responseDateTime',
  'resultMessages',
  'serviceMessageID',
];

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
  token = await tokenFor(emulator);
  await seedSearchContacts(emulator, token);
});

describe('POST /contacts/v1/attributes/search', () => {
  const ATTRIBUTES = [
    'Contact.Contact Key',
    'Contact.Contact ID',
    'Email Addresses.Email Address',
    'Email Addresses.HTML Enabled',
    'Email Demographics.First Name',
    'Email Demographics.Last Name',
  ];
  const condition = (key: string, operator: string, ...items: unknown[]) => ({
    attribute: { key },
    operator,
    value: { items },
  });
  const searchBody = (conditions: unknown[], operator = 'And', keys = ATTRIBUTES) => ({
    request: { attributes: keys.map((key) => ({ key })) },
    conditionSet: { operator, conditionSets: [], conditions },
  });
  const search = (body: unknown, query = '') =>
    call<AttributeSearchBody>(emulator, 'POST', `/contacts/v1/attributes/search${query}`, { body, token });
  const contactKeys = (reply: Reply<AttributeSearchBody>) => reply.body.items.map((item) => item.values[0]?.value);
  const byCondition = (key: string, operator: string, ...items: unknown[]) => searchBody([condition(key, operator, ...items)]);
  const byKey = (...keys: string[]) => byCondition('Contact.Contact Key', 'In', ...keys);

  it('answers text values by contact id, one entry per row of a many-rows set', async () => {
    const reply = await search(byKey('acruz@example.com', 'k3', 'k1', 'nobody'));
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body)).toEqual(ATTRIBUTE_SEARCH_KEYS);
    expect(reply.body).toMatchObject({
      page: 1,
      pageSize: 50,
      count: 3,
      links: { self: { href: '/v1/attributes/search' } },
      resultMessages: [],
    });
    expect(reply.body.responseDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:]{8}\.\d{7}[+-]\d{2}:\d{2}$/);
    const pairs = reply.body.items.map((item) => item.values.map((v) => [v.key.split('.')[1], v.value]));
    expect(pairs).toEqual([
      [
        ['Contact Key', 'k1'],
        ['Contact ID', '10000001'],
        ['Email Address', 'k1a@example.com'],
        ['HTML Enabled', 'true'],
        ['Email Address', 'k1b@example.com'],
        ['HTML Enabled', 'false'],
        ['First Name', 'Kim'],
        ['Last Name', null],
      ],
      [
        ['Contact Key', 'k3'],
        ['Contact ID', '10000003'],
        ['First Name', 'Lee'],
        ['Last Name', null],
      ],
      [
        ['Contact Key', 'acruz@example.com'],
        ['Contact ID', '12345678'],
        ['Email Address', 'acruz@example.com'],
        ['HTML Enabled', 'false'],
        ['First Name', 'Angela'],
        ['Last Name', null],
      ],
    ]);
  });

  it('names values by the model and gives attributes the ids of attributeSetDefinitions', async () => {
    const reply = await search(
      searchBody([condition('contact.contact key', 'Equals', 'k2')], 'And', [
        'CONTACT.contact key',
        'email addresses.EMAIL ADDRESS',
      ]),
    );
    const [contactKey, emailAddress] = reply.body.items[0]?.values ?? [];
    const definitions = await call(emulator, 'GET', '/contacts/v1/attributeSetDefinitions', { token });
    const emailAttribute = definitions.body.items?.find((set) => set.key === 'EmailAddresses')?.attributes[0];
    expect(emailAddress).toEqual({
      id: emailAttribute?.id,
      key: 'Email Addresses.Email Address',
      name: 'Email Address',
      value: 'k2@example.com',
    });
    expect(contactKey).toMatchObject({ key: 'Contact.Contact Key', name: 'Contact Key', value: 'k2' });
    expect(contactKey?.id).toMatch(UUID);
    const again = await search(byKey('k1'));
    expect(again.body.items[0]?.values[0]?.id).toBe(contactKey?.id);
  });

  it('matches a set attribute in any row, without regard to case, on normalised values', async () => {
    const email = await search(byCondition('Email Addresses.Email Address', 'Equals', 'K1B@Example.COM'));
    expect(contactKeys(email)).toEqual(['k1']);
    const html = await search(byCondition('Email Addresses.HTML Enabled', 'Equals', '1'));
    expect(contactKeys(html)).toEqual(['k1', 'k2']);
    const names = await search(byCondition('Email Demographics.First Name', 'In', 'kim', 'LEE', 'nobody'));
    expect(contactKeys(names)).toEqual(['k1', 'k3']);
    const notAnEmail = await search(byCondition('Email Addresses.Email Address', 'Equals', 'not an email'));
    expect(notAnEmail.body).toMatchObject({ count: 0, items: [] });
  });

  it('matches Contact ID by number or numeric string and Contact Key exactly', async () => {
    const ids = await search(byCondition('Contact.Contact ID', 'In', '12345678', 10000002));
    expect(contactKeys(ids)).toEqual(['k2', 'acruz@example.com']);
    expect(contactKeys(await search(byCondition('Contact.Contact ID', 'Equals', 10000003)))).toEqual(['k3']);
    expect((await search(byKey('K1'))).body.count).toBe(0);
  });

  it('combines conditions with And or Or', async () => {
    const conditions = [
      condition('Contact.Contact Key', 'Equals', 'k2'),
      condition('Email Demographics.First Name', 'Equals', 'angela'),
    ];
    expect(contactKeys(await search(searchBody(conditions, 'Or')))).toEqual(['k2', 'acruz@example.com']);
    expect((await search(searchBody(conditions, 'And'))).body).toMatchObject({ count: 0, items: [] });
    const both = [condition('Contact.Contact ID', 'In', 10000001, 10000002), condition('Contact.Contact Key', 'In', 'k2')];
    expect(contactKeys(await search(searchBody(both, 'and')))).toEqual(['k2']);
  });

  it('pages through the matches by $page/$pageSize or page/pageSize', async () => {
    const all = byKey('k1', 'k2', 'k3', 'acruz@example.com');
    const first = await search(all, '?$page=1&$pageSize=3');
    expect(first.body).toMatchObject({ page: 1, pageSize: 3, count: 4 });
    expect(contactKeys(first)).toEqual(['k1', 'k2', 'k3']);
    const second = await search(all, '?page=2&pageSize=3');
    expect(second.body).toMatchObject({ page: 2, pageSize: 3, count: 4 });
    expect(contactKeys(second)).toEqual(['acruz@example.com']);
    expect((await search(all, '?$page=3&$pageSize=3')).body).toMatchObject({ count: 4, items: [] });
    expect((await search(all, '?$pageSize=50')).body.items).toHaveLength(4);
  });

  const valid = byKey('k1');
  const withConditionSet = (conditionSet: unknown) => ({ ...valid, conditionSet });
  const withCondition = (...conditions: unknown[]) => searchBody(conditions);
  const refused: [string, unknown, keyof typeof GATEWAY_400][] = [
    ['an array body', [], 10002],
    ['no request', { conditionSet: valid.conditionSet }, 10002],
    ['no request.attributes', { ...valid, request: {} }, 10002],
    ['request.attributes not an array', { ...valid, request: { attributes: {} } }, 10005],
    ['no attributes', searchBody(valid.conditionSet.conditions, 'And', []), 10005],
    ['an attribute without a key', { ...valid, request: { attributes: [{}] } }, 10002],
    ['an attribute key that is not a string', { ...valid, request: { attributes: [{ key: 7 }] } }, 10005],
    ['an attribute key without a set', searchBody(valid.conditionSet.conditions, 'And', ['Email Address']), 10005],
    ['an unknown set', searchBody(valid.conditionSet.conditions, 'And', ['Loyalty.Tier']), 10005],
    ['an unknown attribute', searchBody(valid.conditionSet.conditions, 'And', ['Email Addresses.Nickname']), 10005],
    ['an unknown Contact attribute', searchBody(valid.conditionSet.conditions, 'And', ['Contact.Status']), 10005],
    [
      'the same attribute twice',
      searchBody(valid.conditionSet.conditions, 'And', ['Contact.Contact Key', 'contact.contact key']),
      10005,
    ],
    ['no conditionSet', { request: valid.request }, 10002],
    ['no conditionSet operator', withConditionSet({ conditions: valid.conditionSet.conditions }), 10002],
    ['an unknown conditionSet operator', searchBody(valid.conditionSet.conditions, 'Xor'), 10005],
    ['nested condition sets', withConditionSet({ ...valid.conditionSet, conditionSets: [valid.conditionSet] }), 10005],
    ['no conditions', withConditionSet({ operator: 'And', conditionSets: [] }), 10002],
    ['an empty conditions list', withCondition(), 10005],
    ['a condition on an unknown attribute', withCondition(condition('Email Addresses.Nickname', 'In', 'x')), 10005],
    [
      'a condition without an operator',
      withCondition({ attribute: { key: 'Contact.Contact Key' }, value: { items: ['k1'] } }),
      10002,
    ],
    ['an unknown condition operator', withCondition(condition('Contact.Contact Key', 'Like', 'k%')), 10005],
    ['Equals with two items', withCondition(condition('Contact.Contact Key', 'Equals', 'k1', 'k2')), 10005],
    ['In without items', withCondition(condition('Contact.Contact Key', 'In')), 10005],
    ['a condition without items', withCondition({ ...condition('Contact.Contact Key', 'In'), value: {} }), 10002],
    ['an object item', withCondition(condition('Contact.Contact Key', 'In', { key: 'k1' })), 10005],
    ['a Contact ID that is not a number', withCondition(condition('Contact.Contact ID', 'Equals', 'k1')), 10005],
  ];

  it.each(refused)('answers 400 for %s', async (_, body, errorcode) => {
    const reply = await search(body);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual(GATEWAY_400[errorcode]);
  });

  it.each(['?$pageSize=51', '?pageSize=0', '?$page=0', '?$page=x'])('answers 400 Invalid Value for %s', async (q) => {
    const reply = await search(valid, q);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual(GATEWAY_400[10005]);
  });

  it('refuses a body that is not JSON by its content type or its text', async () => {
    const path = '/contacts/v1/attributes/search';
    const plain = await call(emulator, 'POST', path, { token, rawBody: JSON.stringify(valid) });
    expect(plain.status).toBe(415);
    const broken = await call(emulator, 'POST', path, {
      token,
      rawBody: '{"request":',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.body).toEqual(GATEWAY_400[10004]);
  });

  it('answers 401 without a token and records every call', async () => {
    const reply = await call(emulator, 'POST', '/contacts/v1/attributes/search', { body: valid });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual(NOT_AUTHORIZED);
    await search(valid, '?$page=2');
    expect(emulator.callCount('POST', '/contacts/v1/attributes/search')).toBe(2);
    expect(emulator.calls.at(-1)).toEqual({
      method: 'POST',
      path: '/contacts/v1/attributes/search?$page=2',
      status: 200,
      body: valid,
    });
  });
});

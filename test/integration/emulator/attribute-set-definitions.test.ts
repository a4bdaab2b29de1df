import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { call, tokenFor, UUID } from '../../support/emulator-calls.js';

/** `GET /contacts/v1/attributeSetDefinitions`: the tenant's attribute sets, paged, in SFMC's list shape. */

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.close();
});

describe('GET /contacts/v1/attributeSetDefinitions', () => {
  const pull = async (e: Emulator, query: string) =>
    call(e, 'GET', `/contacts/v1/attributeSetDefinitions${query}`, { token: await tokenFor(e) });

  it('pages through every attribute set', async () => {
    const names: string[] = [];
    for (let page = 1; page <= 5; page++) {
      const reply = await pull(emulator, `?$page=${page}&$pageSize=2`);
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        page,
        pageSize: 2,
        count: 8,
        links: { self: { href: '/v1/attributeSetDefinitions' }, schema: { href: '/v1/schema' } },
        resultMessages: [],
      });
      expect(reply.body.items).toHaveLength(page <= 4 ? 2 : 0);
      names.push(...(reply.body.items ?? []).map((item) => item.name.value));
    }
    expect(names).toEqual([
      'Email Addresses',
      'Email Demographics',
      'MobileConnect Demographics',
      'MobilePush Demographics',
      'GroupConnect LINE Addresses',
      'GroupConnect LINE Subscriptions',
      'GroupConnect LINE Demographics',
      'Preferences',
    ]);
  });

  it('defaults to page 1 of 50 and accepts the plain parameter names', async () => {
    const all = await pull(emulator, '');
    expect(all.body).toMatchObject({ page: 1, pageSize: 50, count: 8 });
    expect(all.body.items).toHaveLength(8);
    const plain = await pull(emulator, '?page=2&pageSize=3');
    expect(plain.body.items?.map((item) => item.key)).toEqual([
      'PushDemographics',
      'GroupConnectLineAddress',
      'GroupConnectLineSubscriptions',
    ]);
    expect((await pull(emulator, '?$page=0')).status).toBe(400);
  });

  it('describes sets and attributes in SFMC list shape, with cardinality as a relationship', async () => {
    const items = (await pull(emulator, '')).body.items ?? [];
    const byKey = new Map(items.map((item) => [item.key, item]));
    const emails = byKey.get('EmailAddresses');
    expect(emails).toMatchObject({
      name: { value: 'Email Addresses' },
      fullyQualifiedName: 'Email Addresses',
      isSendable: true,
      isSystemDefined: true,
      relationships: [
        {
          relationshipType: 'OneToMany',
          leftItem: { relationshipType: 'Set', identifier: 'Contact' },
          rightItem: { relationshipType: 'Set', identifier: 'EmailAddresses' },
        },
      ],
    });
    expect(emails?.id).toMatch(UUID);
    expect(emails?.attributes[0]).toMatchObject({
      key: 'EmailAddress',
      name: { value: 'Email Address' },
      dataType: 'EmailAddress',
      isPrimaryKey: true,
      isNullable: false,
      displayOrder: 1,
      length: 254,
      fullyQualifiedName: 'Email Addresses.Email Address',
      parentId: emails?.id,
      isSystemDefined: true,
      parentType: 'Set',
      objectState: 'Created',
    });
    expect(emails?.attributes[1]).not.toHaveProperty('length');

    const demographics = byKey.get('EmailDemographics');
    expect(demographics?.relationships[0]?.relationshipType).toBe('OneToOne');
    const custom = demographics?.attributes.find((a) => a.key === 'NumberProfileAttribute');
    expect(custom).toMatchObject({ dataType: 'Number', isSystemDefined: false });
    expect(byKey.get('Preferences')).toMatchObject({ isSystemDefined: false, canRemove: true });
  });

  it('gives the same ids on every emulator', async () => {
    const other = await startEmulator();
    try {
      const items = async (e: Emulator) => JSON.stringify((await pull(e, '?$pageSize=100')).body.items);
      expect(await items(other)).toBe(await items(emulator));
    } finally {
      await other.close();
    }
  });
});

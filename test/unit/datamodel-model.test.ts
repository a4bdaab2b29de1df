import type { GraphQLInputObjectType } from 'graphql';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  catalogFromModel,
  createCatalog,
  loadModelFile,
  mergePrevious,
  readModelJson,
  resolveModel,
  serializeSnapshot,
  shippedModel,
  SNAPSHOT_FILE,
  STANDARD_MODEL_ABOUT,
  STANDARD_MODEL_FILE,
  standardCatalog,
  standardModel,
  TenantModelError,
  type TenantModel,
} from '../../src/catalog/index.js';
import { coerceValue, type AttributeScalar } from '../../src/catalog/data-types.js';
import { modelFromDefinitions } from '../../src/catalog/definitions.js';
import { assignFieldNames, baseFieldName, RESERVED_TYPE_NAMES } from '../../src/catalog/naming.js';
import type { SfmcDataType } from '../../src/catalog/types.js';
import { loadConfig, modelFromVariable } from '../../src/config.js';
import { withContactKeys } from '../../src/schema/contact-input.js';
import { buildSchema } from '../../src/schema/index.js';
import { buildPatchBody } from '../../src/translate/patch-body.js';

/** Reading SFMC's definitions, the typing and naming rules, the snapshot file, and validation by data type. */

/** A value definition as `/hub/v1/contacts/schema/setDefinitions` lists it. */
const hubValue = (id: string, name: string, dataType: string, flags: Record<string, unknown> = {}) => ({
  definitionID: id,
  definitionKey: name.replace(/ /g, ''),
  definitionName: { value: name },
  name,
  dataType,
  isPrimaryKey: false,
  isNullable: true,
  isReadOnly: false,
  isHidden: false,
  isIdentityValue: false,
  isSystemDefined: true,
  description: '',
  ...flags,
});
const hubSet = (id: string, key: string, name: string, values: unknown[], relationships?: unknown[]) => ({
  definitionID: id,
  definitionKey: key,
  definitionName: { value: name },
  name,
  isRoot: false,
  isSystemDefined: true,
  valueDefinitions: values,
  ...(relationships ? { relationships } : {}),
});
/** A group-to-set relationship as the hub shape has it: the attribute group's end, then the set's. */
const toContact = (setId: string, cardinality: 'One' | 'Many', attributes: [string, string][] = []) => ({
  isGroupToSetRelationship: true,
  leftItem: { cardinality: 'One', identifier: 'group-id', relationshipType: 'AttributeGroup' },
  rightItem: { cardinality, identifier: setId, relationshipType: 'AttributeSet' },
  relationshipAttributes: attributes.map(([left, right]) => ({ leftAttributeID: left, rightAttributeID: right })),
});
const setToSet = (left: string, leftSide: string, right: string, rightSide: string) => ({
  isGroupToSetRelationship: false,
  leftItem: { cardinality: leftSide, identifier: left, relationshipType: 'AttributeSet' },
  rightItem: { cardinality: rightSide, identifier: right, relationshipType: 'AttributeSet' },
});

/** The shape of a real tenant's answer to `GET /hub/v1/contacts/schema/setDefinitions`, cut down to what the rules read. */
const HUB_ANSWER = {
  setDefinition: [
    hubSet('s-line-demo', 'GroupConnectLineDemographics', 'GroupConnect LINE Demographics', [
      hubValue('a-ld-1', 'Address ID', 'Text', { isPrimaryKey: true, isNullable: false, length: 100, displayOrder: 1 }),
      hubValue('a-ld-2', 'Display Name', 'Text', { isReadOnly: true, length: 200, displayOrder: 2 }),
      hubValue('a-ld-3', 'Created Date', 'Date', { isReadOnly: true, defaultValue: 'GETDATE()', displayOrder: 8 }),
      hubValue('a-ld-4', 'Created By', 'LongNumber', { isReadOnly: true, displayOrder: 9 }),
    ]),
    hubSet(
      's-contact',
      'Contact',
      'Contact',
      [
        hubValue('a-c-id', 'Contact ID', 'Number', { isPrimaryKey: true, isReadOnly: true }),
        hubValue('a-c-key', 'Contact Key', 'Text', { isReadOnly: true, length: -1 }),
      ],
      [toContact('s-contact', 'One', [['a-c-id', 'a-c-id']])],
    ),
    hubSet(
      's-email',
      'EmailAddresses',
      'Email Addresses',
      [
        hubValue('a-e-4', 'HTML Enabled', 'Boolean', { isNullable: false, displayOrder: 2 }),
        hubValue('a-e-1', 'List ID', 'Number', { isPrimaryKey: true, isHidden: true, isReadOnly: true, displayOrder: 0 }),
        hubValue('a-e-3', 'Email Address', 'EmailAddress', { isPrimaryKey: true, isNullable: false, displayOrder: 1 }),
      ],
      [toContact('s-email', 'Many', [['a-e-3', 'a-e-3']])],
    ),
    hubSet(
      's-line',
      'GroupConnectLineAddress',
      'GroupConnect LINE Addresses',
      [
        hubValue('a-l-1', 'Address ID', 'Text', { isPrimaryKey: true, isNullable: false, length: 100 }),
        hubValue('a-l-2', 'Contact ID', 'LongNumber', { isPrimaryKey: true, isReadOnly: true }),
      ],
      [toContact('s-line', 'Many', [['a-c-id', 'a-l-2']]), setToSet('s-line', 'One', 's-line-demo', 'One')],
    ),
    hubSet(
      's-demo',
      'EmailDemographics',
      'Email Demographics',
      [
        hubValue('a-d-1', 'Contacts ID', 'LongNumber', { isPrimaryKey: true, isNullable: false, displayOrder: 0 }),
        hubValue('a-d-2', 'Last Name', 'Text', {
          isSystemDefined: false,
          length: 100,
          displayOrder: 2,
          definitionKey: 'Last Name',
        }),
        hubValue('a-d-3', 'First Name', 'Text', {
          isSystemDefined: false,
          length: 100,
          displayOrder: 2,
          localizedDescription: { value: 'Given name' },
        }),
      ],
      [toContact('s-demo', 'One', [['a-c-id', 'a-d-1']]), setToSet('s-demo', 'One', 's-prefs', 'One')],
    ),
    {
      ...hubSet(
        's-orders',
        'web_orders',
        'Web Orders',
        [
          hubValue('a-o-1', 'ContactKey', 'Text', { isPrimaryKey: true, isSystemDefined: false, length: 50 }),
          hubValue('a-o-2', 'Order ID', 'Text', { isPrimaryKey: true, isSystemDefined: false, length: 50 }),
          hubValue('a-o-3', 'Total', 'Decimal', { isSystemDefined: false }),
        ],
        [toContact('s-orders', 'One', [['a-c-key', 'a-o-1']]), setToSet('s-orders', 'One', 's-items', 'Many')],
      ),
      isSystemDefined: false,
      localizedDescription: { value: 'Orders from the web shop' },
    },
    hubSet('s-items', 'OrderItems', 'Order Items', [hubValue('a-i-1', 'SKU', 'Text', { isSystemDefined: false, length: 20 })]),
    hubSet('s-prefs', 'Prefs', 'Preferences', [hubValue('a-p-1', 'Newsletter', 'Boolean', { isSystemDefined: false })]),
    hubSet('s-loose-many', 'Tickets', 'Support Tickets', [
      hubValue('a-t-1', 'Ticket ID', 'Text', { isPrimaryKey: true, length: 20 }),
    ]),
    hubSet('s-loose-one', 'Scores', 'Scores', [hubValue('a-s-1', 'Score', 'Byte', { isSystemDefined: false })]),
  ],
  responseContext: { operationStatus: 'OK', schemaType: 'Contacts' },
};

describe('reading SFMC attribute set definitions', () => {
  const model = readModelJson(HUB_ANSWER);
  const catalog = createCatalog(catalogFromModel(model));
  const group = (name: string) => model.groups.find((g) => g.name === name)!;

  it('reads the older /hub/v1/contacts/schema/setDefinitions shape, sorted: Contact, standard sets, then by name', () => {
    expect(model.groups.map((g) => g.name)).toEqual([
      'Contact',
      'Email Addresses',
      'Email Demographics',
      'GroupConnect LINE Addresses',
      'GroupConnect LINE Demographics',
      'Order Items',
      'Preferences',
      'Scores',
      'Support Tickets',
      'Web Orders',
    ]);
    expect(group('Email Addresses').attributes.map((a) => a.name)).toEqual(['List ID', 'Email Address', 'HTML Enabled']);
    expect(group('Email Demographics').attributes.map((a) => a.name)).toEqual(['Contacts ID', 'First Name', 'Last Name']);
    expect(group('Email Demographics').attributes[1]).toMatchObject({
      key: 'FirstName',
      id: 'a-d-3',
      description: 'Given name',
      length: 100,
    });
    expect(group('Web Orders')).toMatchObject({
      key: 'web_orders',
      systemDefined: false,
      description: 'Orders from the web shop',
    });
  });

  it('recovers ONE or MANY from the relationships, through sets joined to sets, else from a key of its own', () => {
    const cardinalities = Object.fromEntries(model.groups.map((g) => [g.name, g.cardinality]));
    expect(cardinalities).toMatchObject({
      'Email Addresses': 'MANY',
      'Email Demographics': 'ONE',
      'GroupConnect LINE Addresses': 'MANY',
      // Joined one-to-one to a set with many rows per contact.
      'GroupConnect LINE Demographics': 'MANY',
      'Web Orders': 'ONE',
      // Many per order.
      'Order Items': 'MANY',
      Preferences: 'ONE',
      'Support Tickets': 'MANY',
      Scores: 'ONE',
    });
  });

  it("leaves out the contact's own key and id, hidden and identity values and SFMC's stamps; keeps read-only ones", () => {
    const typed = (set: string) => catalog.findGroup(set)?.attributes.map((a) => a.sfmcName);
    expect(catalog.findGroup('Contact')).toBeUndefined();
    expect(typed('Email Addresses')).toEqual(['Email Address', 'HTML Enabled']);
    expect(typed('Email Demographics')).toEqual(['First Name', 'Last Name']);
    expect(typed('GroupConnect LINE Addresses')).toEqual(['Address ID']);
    expect(typed('GroupConnect LINE Demographics')).toEqual(['Address ID', 'Display Name']);
    // Linked to Contact.Contact Key, though neither its name nor its key says so.
    expect(group('Web Orders').attributes[0]?.linkedTo).toBe('Contact.Contact Key');
    expect(typed('Web Orders')).toEqual(['Order ID', 'Total']);
    expect(catalog.findGroup('GroupConnect LINE Demographics')?.attributes[1]?.description).toBe(
      'Read-only in Contact Builder: SFMC may refuse to change it. SFMC attribute "Display Name", Text (at most 200 characters).',
    );
  });

  it('reads the list shape of GET /contacts/v1/attributeSetDefinitions, cardinality named as the emulator names it', () => {
    const list = readModelJson({
      page: 1,
      pageSize: 50,
      count: 2,
      items: [
        {
          id: 'x1',
          key: 'Pets',
          name: { value: 'Pets' },
          relationships: [
            {
              relationshipType: 'OneToMany',
              leftItem: { relationshipType: 'Set', identifier: 'Contact' },
              rightItem: { relationshipType: 'Set', identifier: 'Pets' },
            },
          ],
          attributes: [
            {
              id: 'y1',
              key: 'Name',
              name: { value: 'Name' },
              dataType: 'text',
              isPrimaryKey: true,
              isNullable: false,
              length: 30,
              displayOrder: 1,
            },
          ],
        },
        {
          id: 'x2',
          key: 'Car',
          name: { value: 'Car' },
          relationships: [
            {
              relationshipType: 'OneToOne',
              leftItem: { relationshipType: 'Set', identifier: 'Contact' },
              rightItem: { relationshipType: 'Set', identifier: 'x2' },
            },
          ],
          attributes: [
            { id: 'y2', key: 'Plate', name: { value: 'Plate' }, dataType: 'Text', isPrimaryKey: true, length: 10 },
            { name: { value: 'Horse Power' }, dataType: 'Number', length: 4 },
          ],
        },
      ],
    });
    expect(list.groups.map((g) => [g.name, g.cardinality])).toEqual([
      ['Car', 'ONE'],
      ['Pets', 'MANY'],
    ]);
    expect(list.groups[1]?.attributes[0]).toMatchObject({ dataType: 'Text', length: 30, primaryKey: true, nullable: false });
    // A length only for text-like types; a missing key is the name.
    // Attributes without a displayOrder come by name.
    const [horsePower, plate] = list.groups[0]?.attributes ?? [];
    expect(horsePower).toEqual(expect.objectContaining({ name: 'Horse Power', key: 'Horse Power', dataType: 'Number' }));
    expect(horsePower).not.toHaveProperty('length');
    expect(plate).toMatchObject({ name: 'Plate', length: 10 });
  });

  it('takes such a file wherever a snapshot is read (EMULATOR_DATA_MODEL, DATA_MODEL)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'datamodel-hub-'));
    try {
      const file = join(dir, 'hub.json');
      writeFileSync(file, JSON.stringify(HUB_ANSWER));
      expect(loadModelFile(file)).toEqual(model);
      writeFileSync(file, '{ "groups": [] }');
      expect(() => modelFromVariable('DATA_MODEL', file)).toThrow(
        /^Invalid configuration:\n- DATA_MODEL: .*hub\.json: not a tenant model/,
      );
      writeFileSync(file, '{');
      expect(() => loadModelFile(file)).toThrow(/hub\.json: it is not JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads DATA_MODEL and EMULATOR_DATA_MODEL into the configuration', () => {
    const config = loadConfig({ DATA_MODEL: 'a.json', EMULATOR_DATA_MODEL: 'b.json' });
    expect(config.dataModelFile).toBe('a.json');
    expect(config.sfmc.mode === 'emulator' && config.sfmc.emulator.dataModelFile).toBe('b.json');
    expect(loadConfig({})).not.toHaveProperty('dataModelFile');
  });
});

describe('naming', () => {
  it.each([
    ['HTML Enabled', 'htmlEnabled'],
    ['GroupConnect LINE Addresses', 'groupConnectLineAddresses'],
    ['Device ID', 'deviceId'],
    ['2nd Phone', '_2ndPhone'],
    ['Prénom', 'prenom'],
    ['Straße Nr.', 'strasseNr'],
    ['__x', 'x'],
    ['e-mail (work)', 'eMailWork'],
    ['SFOrg', 'sfOrg'],
    ['PushAppID', 'pushAppId'],
    ['MobileConnect Demographics', 'mobileConnectDemographics'],
  ])('names %s %s', (name, expected) => {
    expect(baseFieldName(name, name, 'attribute')).toBe(expected);
  });

  it('falls back to the key, then to a hash of the name', () => {
    expect(baseFieldName('電話', 'Phone_JP', 'group')).toBe('phoneJp');
    expect(baseFieldName('電話', '電話', 'group')).toMatch(/^group_[0-9a-f]{8}$/);
    expect(baseFieldName('電話', '電話', 'group')).not.toBe(baseFieldName('番号', '番号', 'group'));
  });

  it('keeps usable pinned names first, then numbers clashes in list order', () => {
    const names = assignFieldNames(
      [
        { sfmcName: 'Email', key: 'a' },
        { sfmcName: 'E-mail', key: 'b', preferred: 'email' },
        { sfmcName: 'EMAIL', key: 'c', preferred: 'email' },
        { sfmcName: 'e mail', key: 'd', preferred: '__bad' },
        { sfmcName: 'Extra Attributes', key: 'e' },
        { sfmcName: 'To String', key: 'f' },
      ],
      'attribute',
    );
    expect(names).toEqual(['email_2', 'email', 'email_3', 'eMail', 'extraAttributes_2', 'toString_2']);
  });

  it("keeps a group's type names free: reserved, or another group's input type", () => {
    const names = assignFieldNames(
      ['Contact', 'Update Contact', 'Store Input', 'Store', 'Mutation'].map((sfmcName) => ({ sfmcName, key: sfmcName })),
      'group',
    );
    expect(names).toEqual(['contact_2', 'updateContact_2', 'storeInput', 'store_2', 'mutation_2']);
  });

  it("reserves every type the schema defines besides the groups' own", () => {
    const { schema } = buildSchema(createCatalog([]));
    const own = Object.keys(schema.getTypeMap()).filter((name) => !name.startsWith('__') && !/^(link|federation)__/.test(name));
    expect(own.filter((name) => !RESERVED_TYPE_NAMES.has(name))).toEqual([]);
  });

  it('keeps names across pulls: a clashing group added later takes the suffix, not the group that had the name', () => {
    const definitions = (names: string[]) =>
      names.map((name) => ({
        id: `id-${name}`,
        key: `key-${name}`,
        name: { value: name },
        attributes: [{ name: { value: 'Points' }, dataType: 'Number' }],
      }));
    const first = resolveModel(modelFromDefinitions(definitions(['Loyalty-Program'])));
    expect(first.groups[0]?.graphqlName).toBe('loyaltyProgram');
    const second = resolveModel(mergePrevious(modelFromDefinitions(definitions(['Loyalty Program', 'Loyalty-Program'])), first));
    expect(second.groups.map((g) => [g.name, g.graphqlName])).toEqual([
      ['Loyalty Program', 'loyaltyProgram_2'],
      ['Loyalty-Program', 'loyaltyProgram'],
    ]);
    // Without the previous snapshot, list order decides.
    const fresh = resolveModel(modelFromDefinitions(definitions(['Loyalty Program', 'Loyalty-Program'])));
    expect(fresh.groups.map((g) => g.graphqlName)).toEqual(['loyaltyProgram', 'loyaltyProgram_2']);
  });
});

describe('the snapshot file', () => {
  it('ships in canonical form, whatever model was pulled into it', () => {
    expect(serializeSnapshot(resolveModel(shippedModel))).toBe(readFileSync(SNAPSHOT_FILE, 'utf8'));
  });

  it("keeps SFMC's standard groups apart, in canonical form and in the order of SFMC's example request", () => {
    expect(serializeSnapshot(resolveModel(standardModel), STANDARD_MODEL_ABOUT)).toBe(readFileSync(STANDARD_MODEL_FILE, 'utf8'));
    expect(standardCatalog.groups.map((g) => g.key)).toEqual([
      'EmailAddresses',
      'EmailDemographics',
      'MobileDemographics',
      'PushDemographics',
      'GroupConnectLineAddress',
      'GroupConnectLineSubscriptions',
      'GroupConnectLineDemographics',
    ]);
  });

  // The suite builds from its own models (the standard model, fixtures): a pulled snapshot committed in place breaks none
  // of it. Only these read the committed snapshot, with checks that hold for any model.
  it('is read by no test but those whose checks hold for any pulled model', () => {
    const root = new URL('../../', import.meta.url);
    const files = (dir: string): string[] =>
      readdirSync(new URL(dir, root), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? (e.name === '__generated__' ? [] : files(`${dir}/${e.name}`)) : [`${dir}/${e.name}`],
      );
    const readers = ['test', 'bench']
      .flatMap(files)
      .filter(
        (f) =>
          f.endsWith('.ts') &&
          /shippedModel|SNAPSHOT_FILE|catalog\/tenant-model\.json/.test(readFileSync(new URL(f, root), 'utf8')),
      );
    expect(readers.sort()).toEqual([
      // datamodel:check over the committed snapshot: itself, then without one attribute.
      'test/integration/datamodel-check.test.ts',
      // schema.graphql is what the committed snapshot gives.
      'test/integration/schema.test.ts',
      'test/unit/datamodel-model.test.ts',
    ]);
  });

  it('reads what it writes', () => {
    const model = resolveModel(readModelJson(HUB_ANSWER));
    expect(readModelJson(JSON.parse(serializeSnapshot(model)))).toEqual(
      // `untyped` is written for review and recomputed on load.
      {
        groups: model.groups.map(({ untyped: _g, ...g }) => ({
          ...g,
          attributes: g.attributes.map(({ untyped: _a, ...a }) => a),
        })),
      },
    );
  });

  it.each([
    [{ format: 'other', groups: [] }, /not a tenant-model snapshot/],
    [
      { format: 'contacts-graph/tenant-model/1', groups: [{ name: 'A', key: 'A', cardinality: 'SOME', attributes: [] }] },
      /groups\[0\] \("A"\): "cardinality" must be "ONE" or "MANY"/,
    ],
    [
      {
        format: 'contacts-graph/tenant-model/1',
        groups: [{ name: 'A', key: 'A', cardinality: 'ONE', attributes: [{ name: 'B', key: 'B' }] }],
      },
      /attributes\[0\] \("B"\): "dataType" must be a non-empty string/,
    ],
    [
      {
        format: 'contacts-graph/tenant-model/1',
        groups: [
          { name: 'A', key: 'A', cardinality: 'ONE', attributes: [] },
          { name: 'a', key: 'B', cardinality: 'ONE', attributes: [] },
        ],
      },
      /attribute group "a" is listed twice/,
    ],
    [
      {
        format: 'contacts-graph/tenant-model/1',
        groups: [{ name: 'A', key: 'A', cardinality: 'ONE', typed: 'yes', attributes: [] }],
      },
      /"typed" must be true or false/,
    ],
  ])('refuses a malformed snapshot with a message that says where (%#)', (json, message) => {
    expect(() => readModelJson(json)).toThrow(TenantModelError);
    expect(() => readModelJson(json)).toThrow(message);
  });

  it('never crashes the build on odd names: every name of a model of odd names is valid and distinct', () => {
    const odd = [
      '__x',
      'x',
      'X',
      '1',
      '１',
      'ñ',
      '',
      'constructor',
      'contactId',
      'Contact Id',
      'Query',
      'String',
      '_Any',
      'Mutation Input',
    ];
    const model: TenantModel = readModelJson(
      odd.map((name, i) => ({
        id: `g${i}`,
        key: `k${i}`,
        name: { value: name || `　${i}` },
        attributes: odd.map((a, j) => ({ id: `a${j}`, key: `ak${j}`, name: { value: a || `　${j}` }, dataType: 'Text' })),
      })),
    );
    const catalog = createCatalog(catalogFromModel(model));
    const { schema } = buildSchema(catalog);
    const distinct = (names: string[]) => expect(new Set(names).size).toBe(names.length);
    distinct(catalog.groups.map((g) => g.graphqlName));
    distinct(catalog.groups.flatMap((g) => [g.typeName, g.inputTypeName]));
    for (const group of catalog.groups) {
      distinct(group.attributes.map((a) => a.graphqlName));
      // Every typed attribute became its own input field (a clash would have overwritten one), plus extraAttributes.
      const input = schema.getType(group.inputTypeName) as GraphQLInputObjectType;
      expect(Object.keys(input.getFields()).sort()).toEqual(
        [...group.attributes.map((a) => a.graphqlName), 'extraAttributes'].sort(),
      );
    }
    expect(catalog.groups.length).toBeGreaterThan(0);
  });
});

describe('validation by data type (coerceValue)', () => {
  const cases: [SfmcDataType, AttributeScalar[], AttributeScalar[]][] = [
    ['Text', ['a', 'x'.repeat(10), 5], ['x'.repeat(11), true]],
    ['Number', [0, -2147483648, 2147483647, '12'], [2147483648, 1.5, 'x', true]],
    ['LongNumber', ['9223372036854775807', '-9223372036854775808', 12], ['9223372036854775808', '1.5', 'x', true]],
    ['Decimal', [1.25, -5, '3.5'], ['x', '', true]],
    ['Byte', [0, 255, '7'], [256, -1, 1.5, 'x']],
    ['Boolean', [true, false, 'true', '0'], ['yes', 2]],
    ['Date', ['2024-02-29', '2024-02-29T10:00:00Z', '2/29/2024'], ['2023-02-29', '29.02.2024', 20240229]],
    ['Phone', ['+1 555 0100', '(555) 010-0100'], ['call me', '+1 555 0100 0100', true]],
    ['EmailAddress', ['a@example.com'], ['a@b', 'not-an-email', 'a b@example.com', true]],
  ];
  it.each(cases)('%s accepts what SFMC accepts and refuses the rest', (dataType, good, bad) => {
    const length = dataType === 'Text' ? 10 : dataType === 'Phone' ? 15 : undefined;
    for (const value of good) expect(coerceValue(dataType, value, length), `${String(value)}`).toMatchObject({ ok: true });
    for (const value of bad) expect(coerceValue(dataType, value, length), `${String(value)}`).toMatchObject({ ok: false });
  });
});

describe('the PATCH body of a tenant group', () => {
  const catalog = createCatalog(
    catalogFromModel(
      readModelJson([
        {
          key: 'Loyalty',
          name: { value: 'Loyalty' },
          attributes: [
            { name: { value: 'Member Number' }, dataType: 'LongNumber', displayOrder: 1 },
            { name: { value: 'Joined' }, dataType: 'Date', displayOrder: 2 },
          ],
        },
      ]),
    ),
  );

  it('sends a LongNumber as its digits, and refuses what its type refuses, naming the field', () => {
    const body = buildPatchBody(catalog, {
      contactKey: 'k',
      loyalty: { memberNumber: ' 9223372036854775807 ', joined: '2024-02-29' },
    });
    expect(body.attributeSets).toEqual([
      {
        name: 'Loyalty',
        items: [
          {
            values: [
              { name: 'Member Number', value: '9223372036854775807' },
              { name: 'Joined', value: '2024-02-29' },
            ],
          },
        ],
      },
    ]);
    expect(() => buildPatchBody(catalog, { contactKey: 'k', loyalty: { joined: '2024-13-01' } })).toThrow(
      expect.objectContaining({
        problems: [expect.objectContaining({ field: ['input', 'loyalty', 'joined'], code: 'INVALID_DATE' })],
      }),
    );
  });
});

describe('identity is never an input; groups SFMC keeps itself are not written', () => {
  const set = (name: string, attributes: Record<string, unknown>[], flags: Record<string, unknown> = {}) => ({
    key: name.replace(/ /g, ''),
    name: { value: name },
    isSystemDefined: false,
    attributes: attributes.map((a, i) => ({ displayOrder: i, isSystemDefined: false, ...a })),
    ...flags,
  });
  const text = (name: string, flags: Record<string, unknown> = {}) => ({
    name: { value: name },
    dataType: 'Text',
    length: 50,
    ...flags,
  });
  // Definitions without relationships, as a capture or the documented list may come.
  const definitions = [
    set('Orders DE', [text('ContactKey', { isPrimaryKey: true, isNullable: false }), text('Order Note')]),
    set('Scores', [text('Subscriber Key', { isPrimaryKey: true, isReadOnly: true }), text('Goal', { isReadOnly: true })], {
      isSystemDefined: true,
    }),
    set('Profile', [text('Contact ID', { dataType: 'Number' }), text('SubscriberKey'), text('Nickname')]),
  ];
  const model = resolveModel(readModelJson(definitions));
  const catalog = createCatalog(catalogFromModel(model));
  const group = (name: string) => catalog.findGroup(name)!;

  it('leaves out the contact key or id by name, whoever defined it, even against "typed": true', () => {
    expect(group('Orders DE').attributes.map((a) => a.sfmcName)).toEqual(['Order Note']);
    expect(group('Orders DE')).toMatchObject({ cardinality: 'ONE', contactKeyAttributes: ['ContactKey'] });
    expect(group('Profile').attributes.map((a) => a.sfmcName)).toEqual(['Nickname']);
    // A tenant's own copy of the key is filled too; its id is SFMC's to keep.
    expect(group('Profile').contactKeyAttributes).toEqual(['SubscriberKey']);
    const forced = readModelJson(definitions);
    forced.groups[0]!.attributes[0]!.typed = true;
    expect(
      createCatalog(catalogFromModel(forced))
        .findGroup('Orders DE')!
        .attributes.map((a) => a.sfmcName),
    ).toEqual(['Order Note']);
    expect(model.groups[0]!.attributes[0]!.untyped).toBe(
      "the contact's key: the service fills it from contactKey, never asks for it",
    );
  });

  it("fills the contact's key into every row sent, after the caller's values, only when contactKey is given", () => {
    const body = buildPatchBody(catalog, { contactKey: 'k-1', ordersDe: { orderNote: 'x' }, profile: { nickname: 'n' } });
    expect(withContactKeys(catalog, body).attributeSets).toEqual([
      {
        name: 'Orders DE',
        items: [
          {
            values: [
              { name: 'Order Note', value: 'x' },
              { name: 'ContactKey', value: 'k-1' },
            ],
          },
        ],
      },
      {
        name: 'Profile',
        items: [
          {
            values: [
              { name: 'Nickname', value: 'n' },
              { name: 'SubscriberKey', value: 'k-1' },
            ],
          },
        ],
      },
    ]);
    const byId = buildPatchBody(catalog, { contactId: '7', ordersDe: { orderNote: 'x' } });
    expect(withContactKeys(catalog, byId)).toBe(byId);
  });

  it('keeps a group whose every attribute is read-only or kept by SFMC out of UpdateContactInput, unless opted in', () => {
    expect(group('Scores')).toMatchObject({ writable: false });
    expect(model.groups.find((g) => g.name === 'Scores')?.notWritable).toMatch(/^every attribute is read-only or kept by SFMC/);
    const { schema } = buildSchema(catalog);
    const input = schema.getType('UpdateContactInput') as GraphQLInputObjectType;
    expect(Object.keys(input.getFields())).not.toContain('scores');
    expect(schema.getType('ScoresInput')).toBeUndefined();
    expect(schema.getType('Scores')).toBeDefined();
    // By name it goes to SFMC, which judges it: there is no typed field to point to.
    expect(
      buildPatchBody(catalog, {
        contactKey: 'k',
        attributeSets: [{ name: 'Scores', items: [{ values: [{ name: 'Goal', value: 'g' }] }] }],
      }).attributeSets,
    ).toHaveLength(1);

    const optedIn = readModelJson(JSON.parse(serializeSnapshot(model)));
    optedIn.groups.find((g) => g.name === 'Scores')!.writable = true;
    const reviewed = resolveModel(mergePrevious(readModelJson(definitions), optedIn));
    expect(reviewed.groups.find((g) => g.name === 'Scores')).toMatchObject({ writable: true });
    expect(serializeSnapshot(reviewed)).toContain('"writable": true');
    const writable = createCatalog(catalogFromModel(reviewed)).findGroup('Scores')!;
    expect(writable).toMatchObject({ writable: true, contactKeyAttributes: ['Subscriber Key'] });
    expect(
      Object.keys(
        (buildSchema(createCatalog([writable])).schema.getType('UpdateContactInput') as GraphQLInputObjectType).getFields(),
      ),
    ).toContain('scores');
  });

  it('changes nothing in the standard model: every standard group stays writable', () => {
    expect(standardCatalog.groups.every((g) => g.writable && g.contactKeyAttributes.length === 0)).toBe(true);
  });
});

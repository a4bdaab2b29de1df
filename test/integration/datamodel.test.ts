import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isInputObjectType, isListType, isNonNullType, isObjectType, type GraphQLInputType } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  catalogFromModel,
  createCatalog,
  loadModelFile,
  serializeSnapshot,
  standardCatalog,
  type Catalog,
  type CatalogAttribute,
  type CatalogGroup,
  type ModelGroup,
} from '../../src/catalog/index.js';
import { GRAPHQL_SCALAR_OF } from '../../src/catalog/data-types.js';
import { runDatamodelPull } from '../../src/cli/configured-pull.js';
import { pullDefinitions, type PullResult } from '../../src/datamodel/pull.js';
import { startEmulator } from '../../src/emulator/index.js';
import { buildSchema } from '../../src/schema/index.js';
import { SfmcClient } from '../../src/sfmc/client.js';
import { BIG_TENANT, EXPECTED_NAMES, EXPECTED_UNTYPED, HASHED_GROUP } from '../fixtures/big-tenant.js';
import { startStack, UPSTREAM, type Stack } from '../support/stack.js';

/**
 * `npm run datamodel:pull` against an emulator serving a big, realistic tenant: the
 * snapshot, the schema built from it, updates through every generated group, and
 * refusals before anything is sent.
 */

const dir = mkdtempSync(join(tmpdir(), 'datamodel-'));
const fixtureFile = join(dir, 'big-tenant.json');
const quiet = () => undefined;

const pull = (name: string): Promise<PullResult> =>
  runDatamodelPull({
    env: { EMULATOR_DATA_MODEL: fixtureFile },
    snapshotFile: join(dir, `${name}.json`),
    schemaFile: join(dir, `${name}.graphql`),
    log: quiet,
  });

let pulled: PullResult;
let catalog: Catalog;

beforeAll(async () => {
  writeFileSync(fixtureFile, serializeSnapshot(BIG_TENANT));
  pulled = await pull('first');
  catalog = createCatalog(catalogFromModel(loadModelFile(join(dir, 'first.json'))));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sfmcName = (group: CatalogGroup, attribute?: CatalogAttribute) =>
  attribute ? `${group.sfmcName}.${attribute.sfmcName}` : group.sfmcName;

describe('datamodel:pull from a big tenant', () => {
  it('reads every group and attribute, across pages', async () => {
    const attributes = BIG_TENANT.groups.reduce((n, g) => n + g.attributes.length, 0);
    expect(BIG_TENANT.groups.length).toBeGreaterThan(50);
    expect(attributes).toBeGreaterThan(300);
    expect(pulled).toMatchObject({ groups: BIG_TENANT.groups.length, attributes, changed: true });

    const emulator = await startEmulator({ dataModel: BIG_TENANT, seedContacts: false });
    const sfmc = new SfmcClient({
      authUrl: emulator.url,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      ...UPSTREAM,
    });
    try {
      const definitions = await pullDefinitions(sfmc, 7);
      expect(definitions).toHaveLength(BIG_TENANT.groups.length);
      expect(emulator.callCount('GET', '/contacts/v1/attributeSetDefinitions')).toBe(Math.ceil(BIG_TENANT.groups.length / 7));
    } finally {
      await sfmc.close();
      await emulator.close();
    }
  });

  it('types every writable attribute of every group, and says why the others are not', () => {
    // As written, with the reasons (a load recomputes them).
    const model = JSON.parse(readFileSync(join(dir, 'first.json'), 'utf8')) as { groups: (ModelGroup & { untyped?: string })[] };
    for (const group of BIG_TENANT.groups) {
      const typedGroup = catalog.findGroup(group.name);
      const snapshotGroup = model.groups.find((g) => g.name === group.name)!;
      if (EXPECTED_UNTYPED.has(group.name)) {
        expect(typedGroup, group.name).toBeUndefined();
        expect(snapshotGroup.untyped, group.name).toEqual(expect.any(String));
        continue;
      }
      expect(typedGroup, group.name).toBeDefined();
      for (const attribute of group.attributes) {
        const typed = catalog.findAttribute(typedGroup!, attribute.name);
        const expected = !EXPECTED_UNTYPED.has(`${group.name}.${attribute.name}`);
        expect(typed !== undefined, `${group.name}.${attribute.name}`).toBe(expected);
        if (typed) {
          expect(typed.dataType).toBe(attribute.dataType);
          expect(typed.isPrimaryKey).toBe(attribute.primaryKey);
        } else {
          expect(snapshotGroup.attributes.find((a) => a.name === attribute.name)?.untyped).toEqual(expect.any(String));
        }
      }
    }
  });

  it('recovers ONE and MANY from the relationships the emulator serves', () => {
    for (const group of BIG_TENANT.groups.filter((g) => !EXPECTED_UNTYPED.has(g.name))) {
      expect(catalog.findGroup(group.name)?.cardinality, group.name).toBe(group.cardinality);
    }
  });

  it('resolves clashing, digit-led, non-ASCII and reserved names by the documented rules', () => {
    for (const [name, expected] of Object.entries(EXPECTED_NAMES)) {
      const dot = name.indexOf('.');
      const group = catalog.findGroup(dot < 0 ? name : name.slice(0, dot));
      const found = dot < 0 ? group : group && catalog.findAttribute(group, name.slice(dot + 1));
      expect(found?.graphqlName, name).toBe(expected);
    }
    const hashed = catalog.findGroup(HASHED_GROUP);
    expect(hashed?.graphqlName).toMatch(/^group_[0-9a-f]{8}$/);
    expect(hashed?.attributes[0]?.graphqlName).toMatch(/^attribute_[0-9a-f]{8}$/);
  });

  it('keeps the standard typed fields exactly as the shipped schema has them', () => {
    // The shipped snapshot's groups that the big tenant has too: all of them, until a tenant's own snapshot is committed.
    const shared = standardCatalog.groups.filter((g) => catalog.findGroup(g.sfmcName) !== undefined);
    expect(shared.length).toBeGreaterThanOrEqual(7);
    for (const standard of shared) {
      const group = catalog.findGroup(standard.sfmcName);
      expect(group?.graphqlName).toBe(standard.graphqlName);
      expect(group?.inputTypeName).toBe(standard.inputTypeName);
      expect(group?.cardinality).toBe(standard.cardinality);
      for (const attribute of standard.attributes) {
        const typed = group && catalog.findAttribute(group, attribute.sfmcName);
        expect(typed?.graphqlName, sfmcName(standard, attribute)).toBe(attribute.graphqlName);
        expect(GRAPHQL_SCALAR_OF[typed!.dataType]).toBe(GRAPHQL_SCALAR_OF[attribute.dataType]);
        expect(typed?.isPrimaryKey).toBe(attribute.isPrimaryKey);
      }
    }
  });

  it('builds a schema with one typed input field per typed attribute', () => {
    const { schema, sdl } = buildSchema(catalog);
    expect(sdl).toBe(pulled.schema);
    expect(readFileSync(join(dir, 'first.graphql'), 'utf8')).toBe(pulled.schema);
    const update = schema.getType('UpdateContactInput');
    if (!isInputObjectType(update)) throw new Error('UpdateContactInput is missing');
    const unwrap = (t: GraphQLInputType) => (isNonNullType(t) ? t.ofType : t);
    for (const group of catalog.groups) {
      const field = update.getFields()[group.graphqlName];
      expect(isListType(unwrap(field!.type)), group.sfmcName).toBe(group.cardinality === 'MANY');
      const input = schema.getType(group.inputTypeName);
      const row = schema.getType(group.typeName);
      if (!isInputObjectType(input) || !isObjectType(row)) throw new Error(`${group.inputTypeName} is missing`);
      expect(Object.keys(input.getFields()).sort()).toEqual(
        [...group.attributes.map((a) => a.graphqlName), 'extraAttributes'].sort(),
      );
      for (const attribute of group.attributes) {
        const type = GRAPHQL_SCALAR_OF[attribute.dataType] + (attribute.isPrimaryKey ? '!' : '');
        expect(String(input.getFields()[attribute.graphqlName]?.type), sfmcName(group, attribute)).toBe(type);
        expect(input.getFields()[attribute.graphqlName]?.description).toContain(`SFMC attribute "${attribute.sfmcName}"`);
      }
    }
    expect(schema.getType('LoyaltyProgramInput')?.description).toBe(
      'The loyalty programme. One row per contact. SFMC attribute group "Loyalty Program".',
    );
  });

  it('is byte-identical when pulled again, over its own snapshot or from scratch', async () => {
    const again = await runDatamodelPull({
      env: { EMULATOR_DATA_MODEL: fixtureFile },
      snapshotFile: join(dir, 'first.json'),
      schemaFile: join(dir, 'first.graphql'),
      log: quiet,
    });
    expect(again.changed).toBe(false);
    expect(again.snapshot).toBe(pulled.snapshot);
    expect(again.schema).toBe(pulled.schema);
    const fresh = await pull('second');
    expect(readFileSync(join(dir, 'second.json'), 'utf8')).toBe(readFileSync(join(dir, 'first.json'), 'utf8'));
    expect(readFileSync(join(dir, 'second.graphql'), 'utf8')).toBe(readFileSync(join(dir, 'first.graphql'), 'utf8'));
    expect(fresh.changed).toBe(true);
  });

  it("keeps a reviewer's decisions in the snapshot across pulls: typed on or off, a chosen name, a description", async () => {
    const edited = join(dir, 'edited.json');
    const file = JSON.parse(pulled.snapshot) as {
      groups: { name: string; [k: string]: unknown; attributes: Record<string, unknown>[] }[];
    };
    const optOuts = file.groups.find((g) => g.name === 'Opt Outs')!;
    optOuts.attributes.find((a) => a.name === 'Opted Out')!.typed = false;
    optOuts.graphqlName = 'optOutPreferences';
    optOuts.description = 'Why and when the contact opted out.';
    const push = file.groups.find((g) => g.name === 'MobilePush Demographics')!;
    push.attributes.find((a) => a.name === 'Opt In Status')!.typed = true;
    writeFileSync(edited, JSON.stringify(file));
    const result = await runDatamodelPull({
      env: { EMULATOR_DATA_MODEL: fixtureFile },
      snapshotFile: edited,
      schemaFile: join(dir, 'edited.graphql'),
      log: quiet,
    });
    const kept = createCatalog(catalogFromModel(loadModelFile(edited)));
    const group = kept.findGroup('Opt Outs')!;
    expect(group.graphqlName).toBe('optOutPreferences');
    expect(group.description).toBe('Why and when the contact opted out. One row per contact. SFMC attribute group "Opt Outs".');
    expect(kept.findAttribute(group, 'Opted Out')).toBeUndefined();
    expect(kept.findAttribute(kept.findGroup('MobilePush Demographics')!, 'Opt In Status')?.graphqlName).toBe('optInStatus');
    expect(result.schema).toContain('input OptOutPreferencesInput');
    expect(
      JSON.parse(readFileSync(edited, 'utf8')).groups.find((g: { name: string }) => g.name === 'Opt Outs').attributes[0],
    ).toMatchObject({
      name: 'Opted Out',
      typed: false,
      untyped: 'turned off in this file ("typed": false)',
    });
  });

  it('reproduces the shipped snapshot and schema.graphql when run with no credentials (`npm run datamodel:pull -- --check`)', async () => {
    const run = promisify(execFile);
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/datamodel-pull.ts', '--check'], { env });
    expect(stdout).toContain('The snapshot and schema.graphql match the tenant.');
  });
});

const UPDATE = `mutation Update($input: UpdateContactInput!) {
  updateContact(input: $input) { operationStatus hasErrors messages { resultCode message } }
}`;
const CONTACT_KEY = 'acruz@example.com';

/** A value SFMC accepts for the attribute; rows differ in every value, keys included. */
function validValue(attribute: CatalogAttribute, row: number): string | number | boolean {
  const limit = attribute.length !== undefined && attribute.length > 0 ? attribute.length : 100;
  switch (attribute.dataType) {
    case 'Text':
      return `v${row}-${attribute.graphqlName}`.slice(0, limit);
    case 'Number':
      return 1000 + row;
    case 'Byte':
      return 200 + row;
    case 'LongNumber':
      return String(9007199254740993n + BigInt(row));
    case 'Decimal':
      return 12.5 + row;
    case 'Boolean':
      return row % 2 === 0;
    case 'Date':
      return `2024-02-${28 + row}`;
    case 'Phone':
      return `+1 555 010${row}`;
    case 'EmailAddress':
      return `row${row}@example.com`;
  }
}

describe('updates through the generated groups', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ catalog, emulator: { dataModel: BIG_TENANT } });
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => stack.emulator.reset());

  it("sends every typed attribute of every group in SFMC's PATCH shape, and the emulator applies it", async () => {
    expect(catalog.groups.length).toBeGreaterThan(40);
    // Groups SFMC keeps itself are read only (test/unit/datamodel-model.test.ts).
    for (const group of catalog.groups.filter((g) => g.writable)) {
      const rows = (group.cardinality === 'MANY' ? [0, 1] : [0]).map((r) =>
        Object.fromEntries(group.attributes.map((a) => [a.graphqlName, validValue(a, r)])),
      );
      const input = { contactKey: CONTACT_KEY, [group.graphqlName]: group.cardinality === 'MANY' ? rows : rows[0] };
      const before = stack.emulator.getContact(CONTACT_KEY)?.attributeSets[group.sfmcName]?.length ?? 0;
      const res = await stack.post({ query: UPDATE, variables: { input } });
      expect(res.errors, group.sfmcName).toBeUndefined();
      expect(res.data, group.sfmcName).toEqual({ updateContact: { operationStatus: 'OK', hasErrors: false, messages: [] } });
      const patch = stack.emulator.calls.filter((c) => c.method === 'PATCH').at(-1);
      expect(patch?.body, group.sfmcName).toEqual({
        contactKey: CONTACT_KEY,
        attributeSets: [
          {
            name: group.sfmcName,
            items: rows.map((row) => ({
              values: [
                ...group.attributes.map((a) => ({ name: a.sfmcName, value: row[a.graphqlName] })),
                // The contact's key where the row's key holds it: filled by the service, never asked.
                ...group.contactKeyAttributes.map((name) => ({ name, value: CONTACT_KEY })),
              ],
            })),
          },
        ],
      });
      const after = stack.emulator.getContact(CONTACT_KEY)?.attributeSets[group.sfmcName]?.length;
      expect(after, group.sfmcName).toBe(group.cardinality === 'MANY' ? before + rows.length : 1);
    }
  });

  // A field and a code: a user error (INVALID, HTTP 200); none: a variable GraphQL itself refuses (BAD_USER_INPUT, 400).
  const bad: [string, Record<string, unknown>, string | undefined, string?][] = [
    ['Text longer than its length', { loyaltyText: 'x'.repeat(41) }, 'loyaltyText', 'TOO_LONG'],
    ['Text with a control character', { loyaltyText: 'a\u0000b' }, 'loyaltyText', 'INVALID_CHARACTERS'],
    ['Number beyond 32 bits', { loyaltyNumber: 2147483648 }, undefined],
    ['Number with a fraction', { loyaltyNumber: 1.5 }, undefined],
    ['LongNumber that is not a whole number', { loyaltyLongNumber: '12a' }, 'loyaltyLongNumber', 'WRONG_TYPE'],
    ['LongNumber beyond 64 bits', { loyaltyLongNumber: '9223372036854775808' }, 'loyaltyLongNumber', 'OUT_OF_RANGE'],
    ['Decimal that is not a number', { loyaltyDecimal: 'abc' }, undefined],
    ['Byte above 255', { loyaltyByte: 256 }, 'loyaltyByte', 'OUT_OF_RANGE'],
    ['Byte below 0', { loyaltyByte: -1 }, 'loyaltyByte', 'OUT_OF_RANGE'],
    ['Boolean that is not one', { loyaltyBoolean: 'yes' }, undefined],
    ['null for a non-nullable attribute', { loyaltyBoolean: null }, 'loyaltyBoolean', 'REQUIRED'],
    ['Date that does not exist', { loyaltyDate: '2023-02-29' }, 'loyaltyDate', 'INVALID_DATE'],
    ['Date in no accepted format', { loyaltyDate: '29.02.2024' }, 'loyaltyDate', 'INVALID_DATE'],
    ['Phone with letters', { loyaltyPhone: 'call me' }, 'loyaltyPhone', 'INVALID_FORMAT'],
    ['Phone longer than its length', { loyaltyPhone: '+1 555 0100 0100 01' }, 'loyaltyPhone', 'TOO_LONG'],
    ['EmailAddress without a domain', { loyaltyEmail: 'not-an-email' }, 'loyaltyEmail', 'INVALID_FORMAT'],
    [
      'a typed attribute sent as an extra attribute',
      { extraAttributes: [{ name: 'Loyalty Text', value: 'x' }] },
      'extraAttributes.0.name',
      'USE_TYPED_FIELD',
    ],
  ];

  it.each(bad)('refuses %s before anything is sent', async (_what, row, field, code) => {
    const query = UPDATE.replace('operationStatus', 'operationStatus userErrors { field code }');
    const res = await stack.post({ query, variables: { input: { contactKey: CONTACT_KEY, loyaltyProgram: row } } });
    if (field === undefined) {
      expect(res.status).toBe(400);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } else {
      expect(res.status).toBe(200);
      const payload = (res.data as { updateContact: { operationStatus: string; userErrors: { field: string[] }[] } })
        .updateContact;
      expect(payload).toMatchObject({ operationStatus: 'INVALID', userErrors: [{ code }] });
      expect(payload.userErrors.map((e) => e.field.join('.'))).toEqual([`input.loyaltyProgram.${field}`]);
    }
    expect(stack.emulator.calls).toEqual([]);
  });

  it('refuses a many-rows group row without its key before anything is sent', async () => {
    const res = await stack.post({
      query: UPDATE,
      variables: { input: { contactKey: CONTACT_KEY, webOrders: [{ orderText: 'x' }] } },
    });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain('orderReference');
    expect(stack.emulator.calls).toEqual([]);
  });
});

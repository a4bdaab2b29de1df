import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@theguild/federation-composition';
import { isInputObjectType, isObjectType, parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  catalogFromModel,
  createCatalog,
  loadModelFile,
  readModelJson,
  resolveModel,
  type Catalog,
  type TenantModel,
} from '../../src/catalog/index.js';
import { runDatamodelPull } from '../../src/cli/configured-pull.js';
import type { PullResult } from '../../src/datamodel/pull.js';
import { buildSchema } from '../../src/schema/index.js';
import { journeysSubgraph } from '../support/journeys-subgraph.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * A real tenant's model, the public sfmc-devtools capture (28 sets, 302 attributes, in
 * test/fixtures/sfmc-devtools-capture.json): pulled, built into a schema, started, composed,
 * and written across ONE and MANY groups. Identity is never an input; groups SFMC keeps
 * itself are read on Contact, not written.
 */

const CAPTURE = new URL('../fixtures/sfmc-devtools-capture.json', import.meta.url);
const captureJson = (): { setDefinition: Record<string, unknown>[] } => JSON.parse(readFileSync(CAPTURE, 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'real-tenant-'));
const snapshotFile = join(dir, 'tenant-model.json');
const quiet = () => undefined;

let pulled: PullResult;
let model: TenantModel;
let catalog: Catalog;

beforeAll(async () => {
  const lines: string[] = [];
  pulled = await runDatamodelPull({
    env: { EMULATOR_DATA_MODEL: new URL(CAPTURE).pathname },
    snapshotFile,
    schemaFile: join(dir, 'schema.graphql'),
    log: (line) => lines.push(line),
  });
  expect(lines.join('\n')).toContain('In UpdateContactInput: 12 groups; 15 kept by SFMC');
  model = loadModelFile(snapshotFile);
  catalog = createCatalog(catalogFromModel(model));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const READ_ONLY = [
  'Einstein MC Predictive Scores',
  'MobilePush Tags',
  'Predictive Intelligence AbandonedCartEvents',
  'Predictive Intelligence AbandonedCartItems',
  'Predictive Intelligence Content',
  'Predictive Intelligence Content Attributes',
  'Predictive Intelligence Content Views',
  'Predictive Intelligence Product Attributes',
  'Predictive Intelligence Product Purchases',
  'Predictive Intelligence Product Sessions',
  'Predictive Intelligence Product Views',
  'Predictive Intelligence Products',
  'Predictive Intelligence Profiles',
  'Predictive Intelligence Session Ends',
  'Predictive Scores',
];

describe('the sfmc-devtools capture through datamodel:pull', () => {
  it('reads 28 sets and 302 attributes; types 27 groups and 216 attributes; writes 12 groups', () => {
    expect(pulled).toMatchObject({
      groups: 28,
      attributes: 302,
      typedGroups: 27,
      typedAttributes: 216,
      writableGroups: 12,
    });
    expect(
      catalog.groups
        .filter((g) => !g.writable)
        .map((g) => g.sfmcName)
        .sort(),
    ).toEqual(READ_ONLY);
  });

  it('never asks for the contact key or id, with or without relationships in the definitions', () => {
    const withoutRelationships = captureJson();
    for (const set of withoutRelationships.setDefinition) delete set.relationships;
    for (const source of [model, resolveModel(readModelJson(withoutRelationships))]) {
      const typed = createCatalog(catalogFromModel(source));
      const fields = typed.groups.flatMap((g) => g.attributes.map((a) => `${g.sfmcName}.${a.sfmcName}`));
      for (const identity of [
        'testExisting_dataExtensionShared.ContactKey',
        'Predictive Scores.Subscriber Key',
        'Email Demographics.Contacts ID',
        'MobileConnect Demographics.Contact ID',
        'GroupConnect LINE Addresses.Contact Key',
        'Predictive Intelligence Session Ends.Contact Key',
      ]) {
        expect(fields, identity).not.toContain(identity);
      }
      const dataExtension = typed.findGroup('testExisting_dataExtensionShared')!;
      expect(dataExtension).toMatchObject({ cardinality: 'ONE', contactKeyAttributes: ['ContactKey'], writable: true });
      expect(dataExtension.description).toContain('"ContactKey" holds the contact\'s key: filled from contactKey, never asked.');
    }
    const { sdl } = buildSchema(catalog);
    expect(sdl).not.toMatch(/contactKey_2|subscriberKey/);
  });

  it('reads every typed group on Contact and writes only the 12 SFMC does not keep itself', () => {
    const { schema } = buildSchema(catalog);
    const contact = schema.getType('Contact');
    const input = schema.getType('UpdateContactInput');
    if (!isObjectType(contact) || !isInputObjectType(input)) throw new Error('Contact or UpdateContactInput is missing');
    for (const group of catalog.groups) {
      expect(contact.getFields()[group.graphqlName], group.sfmcName).toBeDefined();
      expect(input.getFields()[group.graphqlName] !== undefined, group.sfmcName).toBe(group.writable);
      expect(schema.getType(group.inputTypeName) !== undefined, group.inputTypeName).toBe(group.writable);
    }
    expect(contact.getFields().predictiveScores?.description).toContain(
      'Kept by SFMC: read here, not written through updateContact.',
    );
    const file = JSON.parse(readFileSync(snapshotFile, 'utf8')) as { groups: { name: string; notWritable?: string }[] };
    expect(file.groups.filter((g) => g.notWritable !== undefined).map((g) => g.name)).toEqual(expect.arrayContaining(READ_ONLY));
  });

  it('offers a read-only group for writing when its snapshot entry says "writable": true, and a pull keeps that', async () => {
    const file = JSON.parse(readFileSync(snapshotFile, 'utf8')) as { groups: Record<string, unknown>[] };
    file.groups.find((g) => g.name === 'Predictive Scores')!.writable = true;
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify(file));
    await runDatamodelPull({
      env: { EMULATOR_DATA_MODEL: new URL(CAPTURE).pathname },
      snapshotFile: edited,
      schemaFile: join(dir, 'edited.graphql'),
      log: quiet,
    });
    const optedIn = createCatalog(catalogFromModel(loadModelFile(edited))).findGroup('Predictive Scores')!;
    expect(optedIn).toMatchObject({ writable: true, contactKeyAttributes: ['Subscriber Key'] });
    expect(readFileSync(join(dir, 'edited.graphql'), 'utf8')).toContain('input PredictiveScoresInput');
  });

  it('composes with another subgraph', () => {
    const result = composeServices([
      { name: 'contacts', typeDefs: parse(pulled.schema) },
      { name: 'journeys', typeDefs: parse(journeysSubgraph([]).sdl) },
    ]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.publicSdl).toContain('predictiveScores: [PredictiveScores!]!');
  });
});

const UPDATE = `mutation Update($input: UpdateContactInput!) {
  updateContact(input: $input) { operationStatus userErrors { field code } messages { message } }
}`;
const CONTACT_KEY = 'acruz@example.com';

describe('updates against the emulator serving the capture', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ catalog, emulator: { dataModel: model } });
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => stack.emulator.reset());

  const update = async (input: Record<string, unknown>) => {
    const res = await stack.post({ query: UPDATE, variables: { input: { contactKey: CONTACT_KEY, ...input } } });
    return { res, patch: stack.emulator.calls.filter((c) => c.method === 'PATCH').at(-1)?.body };
  };

  it('writes a ONE group and a MANY group in one request', async () => {
    const { res, patch } = await update({
      emailDemographics: { firstName: 'Angel', language: 'en' },
      emailAddresses: [{ emailAddress: 'a@example.com', htmlEnabled: true }, { emailAddress: 'b@example.com' }],
    });
    expect(res.data).toMatchObject({ updateContact: { operationStatus: 'OK', userErrors: [] } });
    expect(patch).toEqual({
      contactKey: CONTACT_KEY,
      attributeSets: [
        {
          name: 'Email Addresses',
          items: [
            {
              values: [
                { name: 'Email Address', value: 'a@example.com' },
                { name: 'HTML Enabled', value: true },
              ],
            },
            { values: [{ name: 'Email Address', value: 'b@example.com' }] },
          ],
        },
        {
          name: 'Email Demographics',
          items: [
            {
              values: [
                { name: 'First Name', value: 'Angel' },
                { name: 'Language', value: 'en' },
              ],
            },
          ],
        },
      ],
    });
    // The seeded contact's own address, and the two rows added.
    expect(stack.emulator.getContact(CONTACT_KEY)?.attributeSets['Email Addresses']).toHaveLength(3);
  });

  it("fills a data extension's ContactKey from contactKey: the caller never gives it", async () => {
    const { res, patch } = await update({ testExistingDataExtensionShared: { firstName: 'Angel' } });
    expect(res.data).toMatchObject({ updateContact: { operationStatus: 'OK' } });
    expect(patch).toEqual({
      contactKey: CONTACT_KEY,
      attributeSets: [
        {
          name: 'testExisting_dataExtensionShared',
          items: [
            {
              values: [
                { name: 'FirstName', value: 'Angel' },
                { name: 'ContactKey', value: CONTACT_KEY },
              ],
            },
          ],
        },
      ],
    });
    expect(stack.emulator.getContact(CONTACT_KEY)?.attributeSets.testExisting_dataExtensionShared?.[0]).toMatchObject({
      ContactKey: CONTACT_KEY,
    });
  });

  it('refuses a read-only group as a typed field, and passes it by name to SFMC to judge', async () => {
    const typed = await stack.post({
      query: UPDATE,
      variables: { input: { contactKey: CONTACT_KEY, predictiveScores: [{ goalName: 'x' }] } },
    });
    expect(typed.status).toBe(400);
    const { res } = await update({
      attributeSets: [{ name: 'Predictive Scores', items: [{ values: [{ name: 'Goal Name', value: 'x' }] }] }],
    });
    expect(JSON.stringify(res.data)).not.toContain('USE_TYPED_FIELD');
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isInputObjectType, isListType, isNonNullType, parse, type GraphQLInputType } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { describe, expect, it } from 'vitest';
import { catalogFromModel, createCatalog, shippedModel, standardCatalog } from '../../src/catalog/index.js';
import { buildSchema } from '../../src/schema/index.js';

const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
// The contract's own checks build from SFMC's standard groups, whatever tenant's model is committed.
const { schema } = buildSchema(standardCatalog);

describe('schema.graphql', () => {
  it('is what the Pothos code prints from the committed snapshot (run `npm run schema:print` when this fails)', () => {
    expect(buildSchema(createCatalog(catalogFromModel(shippedModel))).sdl).toBe(committed);
  });

  it('npm run schema:check builds from DATA_MODEL: another model is stale, an unreadable file names the variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schema-check-'));
    const check = (dataModel: string) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/schema-print.ts', '--check'], {
        cwd: new URL('../..', import.meta.url),
        env: { ...process.env, DATA_MODEL: dataModel },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
    try {
      const other = join(dir, 'model.json');
      writeFileSync(other, JSON.stringify([{ key: 'Loyalty', name: { value: 'Loyalty' }, attributes: [] }]));
      expect(await check(other)).toEqual({ code: 1, stderr: expect.stringContaining('schema.graphql is stale') });
      expect(await check(join(dir, 'missing.json'))).toEqual({ code: 1, stderr: expect.stringContaining('- DATA_MODEL: ') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the contract: updateContact, its input groups and payload', () => {
    const sdl = schema;
    expect(String(sdl.getMutationType()?.getFields().updateContact?.type)).toBe('UpdateContactPayload!');
    const input = sdl.getType('UpdateContactInput');
    if (!isInputObjectType(input)) throw new Error('UpdateContactInput is missing');
    expect(Object.keys(input.getFields()).sort()).toEqual(
      [
        'contactKey',
        'contactId',
        'emailAddresses',
        'emailDemographics',
        'mobileConnectDemographics',
        'mobilePushDemographics',
        'groupConnectLineAddresses',
        'groupConnectLineSubscriptions',
        'groupConnectLineDemographics',
        'attributeSets',
        'clientMutationId',
      ].sort(),
    );
    const list = (t: GraphQLInputType) => isListType(isNonNullType(t) ? t.ofType : t);
    for (const group of standardCatalog.groups) {
      expect(list(input.getFields()[group.graphqlName]!.type)).toBe(group.cardinality === 'MANY');
    }
    const typeOf = (type: string, field: string) => {
      const t = sdl.getType(type);
      return isInputObjectType(t) ? String(t.getFields()[field]?.type) : undefined;
    };
    expect(typeOf('EmailAddressesInput', 'htmlEnabled')).toBe('Boolean');
    expect(typeOf('EmailAddressesInput', 'emailAddress')).toBe('String!');
    expect(typeOf('MobileConnectDemographicsInput', 'status')).toBe('Int');
    expect(typeOf('MobileConnectDemographicsInput', 'utcOffset')).toBe('Float');
    expect(typeOf('GroupConnectLineDemographicsInput', 'pictureUrl')).toBe('String');
    expect(typeOf('EmailDemographicsInput', 'extraAttributes')).toBe('[AttributeValueInput!]');
  });

  it('describes every type, field, argument and enum value', () => {
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      // Built-in scalars and what the federation spec adds (_Any, _Entity, _Service, link__*) are not ours.
      if (/^(_|link__|federation__)/.test(type.name) || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) undocumented.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          if (field.name.startsWith('_')) continue;
          if (!field.description) undocumented.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) undocumented.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if ('getValues' in type) {
        for (const value of type.getValues()) if (!value.description) undocumented.push(`${type.name}.${value.name}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});

describe('compiled execution', () => {
  // jitExecution runs a document graphql-js's way when graphql-jit cannot compile it: correct, but slow.
  it.each([
    'test/operations/UpdateContact.graphql',
    'test/operations/PreviewUpdateContact.graphql',
    'test/operations/Contact.graphql',
    'examples/SaveContact.graphql',
  ])('graphql-jit compiles %s', (file) => {
    const document = parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'));
    expect(isCompiledQuery(compileQuery(schema, document))).toBe(true);
  });
});

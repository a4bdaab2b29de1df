import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_FILE } from '../../src/catalog/index.js';
import { runDatamodelCheck, runDatamodelPull } from '../../src/cli/configured-pull.js';
import type { Drift } from '../../src/datamodel/drift.js';

/**
 * `npm run datamodel:check` against mutated copies of a real tenant's definitions (the
 * sfmc-devtools capture): each change is told in SFMC's terms with the schema changes it
 * makes, and a breaking one fails the check.
 */

type Definitions = {
  setDefinition: {
    definitionKey: string;
    definitionName: { value: string };
    valueDefinitions: { definitionName: { value: string }; dataType: string; length?: number }[];
  }[];
};

const CAPTURE = new URL('../fixtures/sfmc-devtools-capture.json', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'datamodel-check-'));
const snapshotFile = join(dir, 'tenant-model.json');
const schemaFile = join(dir, 'schema.graphql');

beforeAll(async () => {
  await runDatamodelPull({ env: { EMULATOR_DATA_MODEL: CAPTURE }, snapshotFile, schemaFile, log: () => undefined });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The capture with one change made, checked against the snapshot and schema pulled from it unchanged. */
async function check(mutate: (definitions: Definitions) => void): Promise<{ drift: Drift; report: string }> {
  const definitions = JSON.parse(readFileSync(CAPTURE, 'utf8')) as Definitions;
  mutate(definitions);
  const definitionsFile = join(dir, 'mutated.json');
  writeFileSync(definitionsFile, JSON.stringify(definitions));
  const lines: string[] = [];
  const drift = await runDatamodelCheck({ env: {}, definitionsFile, snapshotFile, schemaFile, log: (l) => lines.push(l) });
  return { drift, report: lines.join('\n') };
}

const attribute = (definitions: Definitions, set: string, name: string) => {
  const found = definitions.setDefinition
    .find((s) => s.definitionName.value === set)
    ?.valueDefinitions.find((v) => v.definitionName.value === name);
  if (!found) throw new Error(`${set}.${name} is not in the capture`);
  return found;
};

describe('datamodel:check', () => {
  it('finds nothing when the tenant has not changed', async () => {
    const { drift, report } = await check(() => undefined);
    expect(drift).toEqual({ changes: [], unexplained: [], breaking: false });
    expect(report).toContain('No change');
  });

  it('a removed attribute: breaking, with the field graphql-js finds removed', async () => {
    const { drift, report } = await check((d) => {
      const set = d.setDefinition.find((s) => s.definitionKey === 'EmailDemographics')!;
      set.valueDefinitions = set.valueDefinitions.filter((v) => v.definitionName.value !== 'Language');
    });
    expect(drift.breaking).toBe(true);
    expect(drift.changes).toEqual(
      [
        {
          severity: 'breaking',
          where: 'Email Demographics.Language',
          cause: 'attribute removed',
          schema: ['EmailDemographicsInput.language was removed.', 'EmailDemographics.language was removed.'].sort(),
        },
      ].map((c) => ({ ...c, schema: expect.arrayContaining(c.schema) })),
    );
    expect(drift.unexplained).toEqual([]);
    expect(report).toContain('BREAKING: Email Demographics.Language: attribute removed');
    expect(report).toContain('    schema: EmailDemographicsInput.language was removed.');
  });

  it('a narrowed length: breaking though the schema is the same (values it took are refused now)', async () => {
    const { drift, report } = await check((d) => {
      attribute(d, 'Email Demographics', 'First Name').length = 10;
    });
    expect(drift.breaking).toBe(true);
    expect(drift.changes).toEqual([
      { severity: 'breaking', where: 'Email Demographics.First Name', cause: 'length 100 → 10', schema: [] },
    ]);
    expect(report).toContain('BREAKING: Email Demographics.First Name: length 100 → 10');
  });

  it('a changed data type: breaking, with the changed input type', async () => {
    const { drift } = await check((d) => {
      const market = attribute(d, 'Email Demographics', 'Market');
      market.dataType = 'Number';
      delete market.length;
    });
    expect(drift.breaking).toBe(true);
    expect(drift.changes).toEqual([
      expect.objectContaining({
        severity: 'breaking',
        where: 'Email Demographics.Market',
        cause: 'data type Text → Number',
        schema: expect.arrayContaining(['EmailDemographicsInput.market changed type from String to Int.']),
      }),
    ]);
  });

  it('a new group: safe, and the new optional input field graphql-js calls dangerous is told under it', async () => {
    const { drift, report } = await check((d) => {
      d.setDefinition.push({
        definitionKey: 'Loyalty',
        definitionName: { value: 'Loyalty' },
        valueDefinitions: [{ definitionName: { value: 'Points' }, dataType: 'Number' }],
      });
    });
    expect(drift.breaking).toBe(false);
    expect(drift.changes).toEqual([
      {
        severity: 'safe',
        where: 'Loyalty',
        cause: 'attribute group added: loyalty',
        schema: ['An optional field loyalty on input type UpdateContactInput was added.'],
      },
    ]);
    expect(report).toContain('Nothing breaks');
  });

  it('a renamed display name: the field is kept (matched by SFMC id), the new name is what is sent', async () => {
    const { drift } = await check((d) => {
      attribute(d, 'Email Demographics', 'Flex Parameter 1').definitionName.value = 'Flex Param One';
    });
    expect(drift).toEqual({
      changes: [
        {
          severity: 'safe',
          where: 'Email Demographics.Flex Parameter 1',
          cause: 'display name "Flex Parameter 1" → "Flex Param One" (field flexParameter1 kept)',
          schema: [],
        },
      ],
      unexplained: [],
      breaking: false,
    });
  });

  it('exits 1 on a breaking change and 0 otherwise (`npm run datamodel:check -- --definitions <file>`)', async () => {
    // Whatever model is committed: its own snapshot passes; without its first typed attribute it breaks.
    const committed = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as {
      groups: {
        name: string;
        graphqlName?: string;
        notWritable?: string;
        attributes: { name: string; graphqlName?: string }[];
      }[];
    };
    const run = (file: string) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/datamodel-check.ts', '--definitions', file], {
        cwd: new URL('../..', import.meta.url),
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
    expect(await run(new URL(SNAPSHOT_FILE).pathname)).toEqual({ code: 0, stdout: expect.stringContaining('No change') });
    const group = committed.groups.find((g) => g.graphqlName !== undefined && g.notWritable === undefined)!;
    const removed = group.attributes.find((a) => a.graphqlName !== undefined)!;
    group.attributes = group.attributes.filter((a) => a !== removed);
    const mutated = join(dir, 'committed-mutated.json');
    writeFileSync(mutated, JSON.stringify(committed));
    const result = await run(mutated);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`BREAKING: ${group.name}.${removed.name}: attribute removed`);
  });
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildSchema, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';

const run = (args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/supergraph-print.ts', ...args], {
    cwd: new URL('../..', import.meta.url),
  });

describe('npm run supergraph', () => {
  it('composes schema.graphql with the sample journeys subgraph: journeys list contacts', async () => {
    const { stdout } = await run(['--subgraph', 'journeys=examples/federation/journeys.graphql', '--public']);
    const schema = buildSchema(stdout);
    expect(schema.getQueryType()?.getFields().journey).toBeDefined();
    const journey = schema.getType('Journey');
    expect(isObjectType(journey) && String(journey.getFields().members?.type)).toBe('[Contact!]!');
    expect(schema.getMutationType()?.getFields().updateContact).toBeDefined();
  });

  it('refuses a malformed --subgraph argument', async () => {
    await expect(run(['--subgraph', 'journeys'])).rejects.toMatchObject({ code: 2 });
  });
});

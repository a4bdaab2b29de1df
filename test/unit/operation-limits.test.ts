import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useOperationLimits } from '../../src/server/use-operation-limits.js';

/**
 * The one-write rule, on a schema with two differently named writes (the service has
 * one today; SFMC's create and delete calls will add more): every Mutation field counts,
 * whatever its name, alias or fragment.
 */
const yoga = createYoga({
  schema: createSchema({
    typeDefs: /* GraphQL */ `
      type Query { ping: String }
      type Mutation { createThing: String, updateThing: String }
    `,
    resolvers: { Query: { ping: () => 'pong' }, Mutation: { createThing: () => 'created', updateThing: () => 'updated' } },
  }),
  logging: false,
  plugins: useOperationLimits({
    maxDepth: 10,
    maxAliases: 15,
    maxTokens: 2000,
    maxDirectives: 50,
    hideSuggestions: true,
    introspection: false,
  }),
});

async function run(query: string) {
  const res = await yoga.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
  };
}

describe('at most one write per operation', () => {
  it('refuses two differently named Mutation fields, naming both', async () => {
    const res = await run('mutation { createThing updateThing }');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors?.[0]?.message).toBe(
      'An operation may hold at most one createThing or updateThing: every Mutation field is a write.',
    );
    expect(res.body.data).toBeUndefined();
  });

  it('counts writes however aliased or spread (named and inline fragments, nested)', async () => {
    const documents = [
      'mutation { a: createThing b: createThing }',
      'mutation { a: createThing ...W } fragment W on Mutation { b: updateThing }',
      'mutation { ... on Mutation { createThing } ...W } fragment W on Mutation { ...V } fragment V on Mutation { updateThing }',
      'mutation { ...W ...W2 } fragment W on Mutation { createThing } fragment W2 on Mutation { __typename ... on Mutation { x: updateThing } }',
    ];
    for (const query of documents) {
      const res = await run(query);
      expect(res.status, query).toBe(400);
      expect(res.body.errors?.[0]?.message, query).toMatch(/^An operation may hold at most one /);
    }
  });

  it('lets one write through, with __typename beside it, and leaves queries alone', async () => {
    const one = await run('mutation { __typename w: updateThing ...T } fragment T on Mutation { __typename }');
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ data: { __typename: 'Mutation', w: 'updated' } });
    const reads = await run('{ a: ping b: ping }');
    expect(reads.body).toEqual({ data: { a: 'pong', b: 'pong' } });
  });
});

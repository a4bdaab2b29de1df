import { parse, validate } from 'graphql';
import { request } from 'undici';
import { standardCatalog } from '../../src/catalog/index.js';
import { buildSchema } from '../../src/schema/index.js';
import { GRAPHIQL_TABS } from '../../src/server/graphiql-example.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

describe('GraphiQL', () => {
  let stack: Stack;
  let html: string;
  beforeAll(async () => {
    stack = await startStack();
    const res = await request(`${stack.app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    html = await res.body.text();
  });
  afterAll(() => stack.close());

  it('is served by the server itself, loading nothing from a CDN', () => {
    expect(html).not.toMatch(/<script[^>]+src=["']?https?:/i);
    expect(html).not.toMatch(/<link[^>]+href=["']?https?:/i);
    expect(html).not.toContain('unpkg.com');
    expect(html).not.toContain('raw.githubusercontent.com');
  });

  it('opens with the seed mutation ready to run', () => {
    expect(html).toContain('mutation UpdateContactFromSeed {');
    expect(html).toContain('query PreviewSeedUpdate');
    expect(html).toContain('acruz@example.com');
    expect(html).toContain('Text Profile Attribute');
  });

  it('opens tabs that are valid operations of the schema', () => {
    const { schema } = buildSchema(standardCatalog);
    for (const tab of GRAPHIQL_TABS) expect(validate(schema, parse(tab.query))).toEqual([]);
  });

  it('does not log the page load as a GraphQL request', () => {
    expect(stack.logs.filter((l) => l.event === 'graphql.request')).toEqual([]);
  });
});

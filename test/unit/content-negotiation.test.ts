import { describe, expect, it } from 'vitest';
import { acceptsJson } from '../../src/server/use-content-negotiation.js';

describe('acceptsJson', () => {
  it.each([
    [null, true],
    ['', true],
    ['application/graphql-response+json', true],
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['text/html, application/json;q=0.9', true],
    ['*/*', true],
    ['application/*', true],
    ['APPLICATION/JSON', true],
    ['application/xml', false],
    ['text/html', false],
    ['image/png, text/*', false],
    ['application/json;q=0', false],
    ['application/json; q=0.000, application/xml', false],
  ])('%s: %s', (accept, accepted) => {
    expect(acceptsJson(accept)).toBe(accepted);
  });
});

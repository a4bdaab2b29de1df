import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { USER_ERROR_CODES, fieldText } from '../../src/errors.js';

const frontend = readFileSync(new URL('../../docs/frontend.md', import.meta.url), 'utf8');

describe('UserErrorCode', () => {
  it('has a row in docs/frontend.md for every code, with the description the schema gives it', () => {
    const rows = new Map([...frontend.matchAll(/^\| `([A-Z_]+)` +\| (.+?) +\|$/gm)].map((m) => [m[1], m[2]] as const));
    for (const [code, description] of Object.entries(USER_ERROR_CODES)) {
      expect(rows.get(code), code).toBe(description);
    }
  });

  it('names a field path as a frontend names its fields', () => {
    expect(fieldText(['input', 'emailAddresses', '0', 'emailAddress'])).toBe('input.emailAddresses[0].emailAddress');
    expect(fieldText(['input'])).toBe('input');
  });
});

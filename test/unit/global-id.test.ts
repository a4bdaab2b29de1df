import { describe, expect, it } from 'vitest';
import { contactGlobalId, contactKeyOfGlobalId } from '../../src/schema/node.js';

describe('contact global ids', () => {
  it("are base64url of 'Contact:' + contactKey, and decode back to the key", () => {
    for (const key of ['acruz@example.com', 'a', '0031x00000ABCDEF', 'Zoë Ünïcode 👋', 'with:colon', ' spaced ']) {
      const id = contactGlobalId(key);
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(id, 'base64url').toString('utf8')).toBe(`Contact:${key}`);
      expect(contactKeyOfGlobalId(id)).toBe(key);
    }
  });

  it('are stable: the same key gives the same id', () => {
    expect(contactGlobalId('acruz@example.com')).toBe('Q29udGFjdDphY3J1ekBleGFtcGxlLmNvbQ');
  });

  it('decode only in their canonical form, and only for contacts', () => {
    const id = contactGlobalId('acruz@example.com');
    const refused = [
      '',
      `${id}=`, // padding
      Buffer.from('Contact:acruz@example.com').toString('base64'), // base64 with padding
      `${id.slice(0, -1)}R`, // the same bytes with stray low bits
      'not base64!',
      Buffer.from('Journey:acruz@example.com').toString('base64url'),
      Buffer.from('contact:acruz@example.com').toString('base64url'),
      Buffer.from('Contact:').toString('base64url'),
      Buffer.from([...Buffer.from('Contact:'), 0xff, 0xfe]).toString('base64url'), // not UTF-8
    ];
    for (const bad of refused) expect(contactKeyOfGlobalId(bad), bad).toBeUndefined();
  });
});

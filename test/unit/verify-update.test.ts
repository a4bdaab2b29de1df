import { describe, expect, it } from 'vitest';
import { standardCatalog } from '../../src/catalog/index.js';
import type { PatchBody } from '../../src/translate/patch-body.js';
import { unknownOutcome } from '../../src/translate/update-result.js';
import {
  canonicalValue,
  readBackOutcome,
  readBackSearchBody,
  unverifiedOutcome,
  verifyUpdate,
} from '../../src/translate/verify-update.js';

const KEY = 'acruz@example.com';
const value = (key: string, v: string | null) => ({ id: 'x', key, name: key.split('.')[1], value: v });
const contact = (...values: ReturnType<typeof value>[]) => ({
  count: 1,
  items: [{ values: [value('Contact.Contact Key', KEY), value('Contact.Contact ID', '12345678'), ...values] }],
});

const body: PatchBody = {
  contactKey: KEY,
  attributeSets: [
    { name: 'Email Demographics', items: [{ values: [{ name: 'First Name', value: 'Ann' }] }] },
    {
      name: 'Email Addresses',
      items: [
        {
          values: [
            { name: 'Email Address', value: 'Ann@Example.com' },
            { name: 'HTML Enabled', value: true },
          ],
        },
        {
          values: [
            { name: 'Email Address', value: 'work@example.com' },
            { name: 'HTML Enabled', value: false },
          ],
        },
      ],
    },
  ],
};

describe('canonical values', () => {
  it.each([
    ['Boolean', true, 'True'],
    ['Boolean', false, '0'],
    ['Boolean', 'true', '1'],
    ['Number', 7, '7'],
    ['Byte', '2', '2'],
    ['Decimal', 1.5, '1.50'],
    ['Decimal', -2, '-2.0'],
    ['LongNumber', '0012345678901234567', '12345678901234567'],
    ['Date', '2024-03-01', '3/1/2024'],
    ['Date', '2024-03-01', '3/1/2024 12:00:00 AM'],
    ['Date', '2024-03-01T14:30:00Z', '3/1/2024 2:30:00 PM'],
    ['Date', '03/01/2024', '2024-03-01T00:00:00.000'],
    ['EmailAddress', 'Ann@Example.COM', 'ann@example.com'],
    ['Text', '', null],
  ] as const)('%s: %j and %j are the same value', (type, sent, stored) => {
    expect(canonicalValue(type, sent)).toBe(canonicalValue(type, stored));
  });

  it.each([
    ['Boolean', true, 'false'],
    ['Decimal', 1.5, '1.51'],
    ['Number', 7, 'seven'],
    ['LongNumber', '9223372036854775807', '9223372036854775806'],
    ['Date', '2024-03-01', '3/2/2024'],
    ['Date', '2024-03-01T14:30:00', '3/1/2024 2:30:00 AM'],
    ['Text', 'Ann', 'ann'],
    ['Phone', '+1 555 0100', '+15550100'],
    ['Text', 'Ann', null],
  ] as const)('%s: %j and %j differ', (type, sent, stored) => {
    expect(canonicalValue(type, sent)).not.toBe(canonicalValue(type, stored));
  });
});

describe('the read-back search', () => {
  it('asks for the contact by key, and for exactly the attributes sent, each once', () => {
    const search = readBackSearchBody(body);
    expect(search.request.attributes.map((a) => a.key)).toEqual([
      'Contact.Contact Key',
      'Contact.Contact ID',
      'Email Demographics.First Name',
      'Email Addresses.Email Address',
      'Email Addresses.HTML Enabled',
    ]);
    expect(search.conditionSet.conditions).toEqual([
      { attribute: { key: 'Contact.Contact Key' }, operator: 'In', value: { items: [KEY] } },
    ]);
  });

  it('asks by contact id when the update names no key', () => {
    const search = readBackSearchBody({ contactId: 12345678, attributeSets: body.attributeSets });
    expect(search.conditionSet.conditions[0]).toEqual({
      attribute: { key: 'Contact.Contact ID' },
      operator: 'In',
      value: { items: ['12345678'] },
    });
  });
});

describe('verifying an update', () => {
  const held = contact(
    value('Email Demographics.First Name', 'Ann'),
    value('Email Addresses.Email Address', 'work@example.com'),
    value('Email Addresses.HTML Enabled', 'False'),
    value('Email Addresses.Email Address', 'ann@example.com'),
    value('Email Addresses.HTML Enabled', 'True'),
  );

  it('is applied when every item has a row holding all its values, in canonical form and any row order', () => {
    expect(verifyUpdate(standardCatalog, body, held)).toEqual({ applied: true, contactKey: KEY, contactId: '12345678' });
  });

  it('is not applied when one value differs, or a row is missing', () => {
    const differs = contact(
      value('Email Demographics.First Name', 'Ann'),
      value('Email Addresses.Email Address', 'work@example.com'),
      value('Email Addresses.HTML Enabled', 'True'),
      value('Email Addresses.Email Address', 'ann@example.com'),
      value('Email Addresses.HTML Enabled', 'True'),
    );
    expect(verifyUpdate(standardCatalog, body, differs)).toMatchObject({
      applied: false,
      why: expect.stringContaining('Email Addresses'),
    });
    const missing = contact(
      value('Email Demographics.First Name', 'Ann'),
      value('Email Addresses.Email Address', 'ann@example.com'),
      value('Email Addresses.HTML Enabled', 'True'),
    );
    expect(verifyUpdate(standardCatalog, body, missing).applied).toBe(false);
  });

  it('is not applied when SFMC has no such contact', () => {
    expect(verifyUpdate(standardCatalog, body, { count: 0, items: [] })).toEqual({
      applied: false,
      why: 'SFMC has no such contact',
    });
    const someoneElse = {
      items: [{ values: [value('Contact.Contact Key', 'other'), value('Email Demographics.First Name', 'Ann')] }],
    };
    expect(verifyUpdate(standardCatalog, body, someoneElse).applied).toBe(false);
  });

  it('sees a cleared value as applied when SFMC answers null for it, even with no row left', () => {
    const cleared: PatchBody = {
      contactKey: KEY,
      attributeSets: [{ name: 'Email Demographics', items: [{ values: [{ name: 'Last Name', value: null }] }] }],
    };
    expect(verifyUpdate(standardCatalog, cleared, contact(value('Email Demographics.Last Name', null))).applied).toBe(true);
    expect(verifyUpdate(standardCatalog, cleared, contact(value('Email Demographics.Last Name', 'Cruz'))).applied).toBe(false);
  });

  it('compares attributes the catalog does not know as the JSON type they were sent with, names without case', () => {
    const extra: PatchBody = {
      contactKey: KEY,
      attributeSets: [
        {
          name: 'Loyalty',
          items: [
            {
              values: [
                { name: 'Points', value: 12.5 },
                { name: 'Gold', value: true },
                { name: 'Tier', value: 'A' },
              ],
            },
          ],
        },
      ],
    };
    const answer = contact(value('loyalty.points', '12.50'), value('LOYALTY.Gold', 'True'), value('Loyalty.tier', 'A'));
    expect(verifyUpdate(standardCatalog, extra, answer).applied).toBe(true);
    const other = contact(value('Loyalty.Points', '12.50'), value('Loyalty.Gold', 'True'), value('Loyalty.Tier', 'a'));
    expect(verifyUpdate(standardCatalog, extra, other).applied).toBe(false);
  });

  it('makes an OK payload known by read-back, or keeps UNKNOWN retryable with the reason', () => {
    const ok = readBackOutcome('request-1', { applied: true, contactKey: KEY, contactId: '12345678' });
    expect(ok).toMatchObject({ operationStatus: 'OK', verification: 'READ_BACK', retryable: false, hasErrors: false });
    const unknown = unverifiedOutcome(unknownOutcome('request-1', 'SFMC answered HTTP 500.'), 'SFMC has no such contact');
    expect(unknown).toMatchObject({ operationStatus: 'UNKNOWN', retryable: true });
    expect(unknown.verification).toBeUndefined();
    expect(unknown.messages.map((m) => m.resultCode)).toEqual(['OUTCOME_UNKNOWN', 'READ_BACK']);
  });
});

import { describe, expect, it } from 'vitest';
import { standardCatalog } from '../../src/catalog/index.js';
import { contactSearchBody, readContactSearch, readEmailSearch } from '../../src/translate/contact-read.js';

const value = (key: string, v: string | null) => ({ id: 'x', key, name: key.split('.')[1], value: v });

describe('contact reads', () => {
  it('asks attributes/search for every catalog attribute of the given keys, in one condition', () => {
    const body = contactSearchBody(standardCatalog, ['a', 'b']);
    const keys = body.request.attributes.map((a) => a.key);
    expect(keys.slice(0, 4)).toEqual([
      'Contact.Contact Key',
      'Contact.Contact ID',
      'Email Addresses.Email Address',
      'Email Addresses.HTML Enabled',
    ]);
    expect(keys).toHaveLength(2 + standardCatalog.groups.reduce((n, g) => n + g.attributes.length, 0));
    expect(body.conditionSet).toEqual({
      operator: 'And',
      conditionSets: [],
      conditions: [{ attribute: { key: 'Contact.Contact Key' }, operator: 'In', value: { items: ['a', 'b'] } }],
    });
  });

  it('rebuilds rows of many-rows groups, types text values and keeps nulls', () => {
    const page = readContactSearch(standardCatalog, {
      count: 1,
      items: [
        {
          values: [
            value('Contact.Contact Key', 'k1'),
            value('Contact.Contact ID', '42'),
            value('Email Addresses.Email Address', 'a@example.com'),
            value('Email Addresses.HTML Enabled', 'true'),
            value('Email Addresses.Email Address', 'b@example.com'),
            value('Email Addresses.HTML Enabled', null),
            value('Email Demographics.First Name', 'Ann'),
            value('Email Demographics.Last Name', null),
            value('MobileConnect Demographics.Status', '7'),
            value('MobilePush Demographics.Device ID', null),
            value('MobilePush Demographics.Application', null),
            value('Unknown Set.Whatever', 'ignored'),
          ],
        },
        { values: [value('Email Addresses.Email Address', 'no-key@example.com')] },
      ],
    });
    expect(page).toEqual({
      count: 1,
      items: 2,
      records: [
        {
          contactKey: 'k1',
          contactId: '42',
          groups: {
            emailAddresses: [
              { emailAddress: 'a@example.com', htmlEnabled: true },
              { emailAddress: 'b@example.com', htmlEnabled: null },
            ],
            emailDemographics: [{ firstName: 'Ann', lastName: null }],
            mobileConnectDemographics: [{ status: 7 }],
          },
        },
      ],
    });
  });

  it('merges items of one contact, matching rows by their key', () => {
    const item = (email: string) => ({
      values: [value('Contact.Contact Key', 'k1'), value('Email Addresses.Email Address', email)],
    });
    const { records } = readContactSearch(standardCatalog, {
      items: [item('a@example.com'), item('b@example.com'), item('a@example.com')],
    });
    expect(records).toHaveLength(1);
    expect(records[0]!.groups.emailAddresses).toEqual([{ emailAddress: 'a@example.com' }, { emailAddress: 'b@example.com' }]);
  });

  it('reads nothing from a body it does not recognise', () => {
    expect(readContactSearch(standardCatalog, 'nope')).toEqual({ records: [], count: 0, items: 0 });
  });

  it('maps email search answers to contact keys per address, any case', () => {
    const keys = readEmailSearch({
      channelAddressResponseEntities: [
        {
          channelAddress: 'A@Example.com',
          contactKeyDetails: [{ contactKey: 'k1', createDate: '2014-11-15T11:51:00' }, { contactKey: 'k2' }],
        },
        { channelAddress: 'b@example.com', contactKeyDetails: [] },
        { contactKeyDetails: [{ contactKey: 'orphan' }] },
      ],
    });
    expect([...keys]).toEqual([
      ['a@example.com', ['k1', 'k2']],
      ['b@example.com', []],
    ]);
  });
});

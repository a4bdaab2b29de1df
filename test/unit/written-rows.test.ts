import { describe, expect, it } from 'vitest';
import { standardCatalog } from '../../src/catalog/index.js';
import { writtenGroups } from '../../src/translate/written-rows.js';

describe('writtenGroups: what an applied update says of the groups it wrote', () => {
  it('a one-row group: the attributes it set, typed as a read shows them', () => {
    const written = writtenGroups(standardCatalog, {
      contactKey: 'k',
      attributeSets: [
        {
          name: 'Email Demographics',
          items: [
            {
              values: [
                { name: 'First Name', value: 'Ana' },
                { name: 'Last Name', value: null },
              ],
            },
          ],
        },
      ],
    });
    expect(written).toEqual(new Map([['emailDemographics', { firstName: 'Ana', lastName: null }]]));
  });

  it('a many-rows group is unknown (rows added or replaced); a group the schema does not read is left out', () => {
    const written = writtenGroups(standardCatalog, {
      contactKey: 'k',
      attributeSets: [
        { name: 'Email Addresses', items: [{ values: [{ name: 'Email Address', value: 'a@example.com' }] }] },
        { name: 'Not A Group', items: [{ values: [{ name: 'X', value: 1 }] }] },
      ],
    });
    expect(written).toEqual(new Map([['emailAddresses', 'unknown']]));
  });
});

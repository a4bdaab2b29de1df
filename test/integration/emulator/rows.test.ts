import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standardModel, type ModelAttribute, type ModelGroup } from '../../../src/catalog/index.js';
import { demoTenantModel, startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { oneSet, patch, patchBody, tokenFor } from '../../support/emulator-calls.js';

/** How `PATCH /contacts/v1/contacts` merges rows: keyless sets, row-key case, rowsAffected, long contact ids. */

const attribute = (name: string, primaryKey = false): ModelAttribute => ({
  name,
  key: name.replace(/\s/g, ''),
  dataType: 'Text',
  length: 100,
  primaryKey,
  nullable: !primaryKey,
  readOnly: false,
  hidden: false,
  identity: false,
  systemDefined: false,
  description: name,
});

/** A many-rows set without a primary key, as a tenant's MobilePush Tags is. */
const TAGS: ModelGroup = {
  name: 'MobilePush Tags',
  key: 'MobilePushTags',
  cardinality: 'MANY',
  root: false,
  hidden: false,
  systemDefined: false,
  description: 'Tags of a device.',
  attributes: [attribute('Tag')],
};

describe('row merging', () => {
  let emulator: Emulator;
  let token: string;
  beforeAll(async () => {
    const demo = demoTenantModel(standardModel);
    emulator = await startEmulator({ dataModel: { ...demo, groups: [...demo.groups, TAGS] } });
    token = await tokenFor(emulator);
  });
  afterAll(() => emulator.close());

  const rows = (set: string) => emulator.getContact('acruz@example.com')?.attributeSets[set];

  it('appends every item of a set without a primary key: nothing to match a row on', async () => {
    await patch(emulator, token, oneSet('MobilePush Tags', { Tag: 'news' }));
    await patch(emulator, token, oneSet('MobilePush Tags', { Tag: 'offers' }));
    expect(rows('MobilePush Tags')).toEqual([{ Tag: 'news' }, { Tag: 'offers' }]);
  });

  it('matches a row key whatever its case by default, and exactly when set so', async () => {
    await patch(emulator, token, oneSet('Email Addresses', { 'Email Address': 'Case@Example.com', 'HTML Enabled': true }));
    await patch(emulator, token, oneSet('Email Addresses', { 'Email Address': 'case@example.com', 'HTML Enabled': false }));
    const holding = (address: string) =>
      rows('Email Addresses')?.filter((r) => String(r['Email Address']).toLowerCase() === address);
    // One row, updated (its key now as last sent).
    expect(holding('case@example.com')).toEqual([{ 'Email Address': 'case@example.com', 'HTML Enabled': false }]);
    emulator.setOptions({ rowKeys: 'exact' });
    try {
      await patch(emulator, token, oneSet('Email Addresses', { 'Email Address': 'CASE@example.com', 'HTML Enabled': true }));
      expect(holding('case@example.com')).toHaveLength(2);
    } finally {
      emulator.setOptions({ rowKeys: 'case-insensitive' });
    }
  });

  it('answers rowsAffected 0 for an update that changes nothing, 1 when it does', async () => {
    emulator.setOptions({ spelling: 'live' });
    try {
      const update = (first: string) => patch(emulator, token, oneSet('Email Demographics', { 'First Name': first }));
      expect((await update('Same')).body.rowsAffected).toBe(1);
      expect((await update('Same')).body.rowsAffected).toBe(0);
      expect((await update('Other')).body.rowsAffected).toBe(1);
    } finally {
      emulator.setOptions({ spelling: 'documented' });
    }
  });

  it('takes contact ids of 16 digits and more as strings (64-bit), refusing what no 64-bit id can be', async () => {
    const unknownLongId = await patch(emulator, token, {
      contactID: '9007199254740993',
      attributeSets: patchBody('x', 'Email Demographics', { 'First Name': 'Long' }).attributeSets,
    });
    expect(unknownLongId.status).toBe(200);
    expect(unknownLongId.body).toMatchObject({ operationStatus: 'FAIL' });
    expect(JSON.stringify(unknownLongId.body.resultMessages)).toContain('9007199254740993');
    const tooLong = await patch(emulator, token, { contactID: '9223372036854775808', attributeSets: [] });
    expect([tooLong.status, tooLong.body.errorcode]).toEqual([400, 10001]);
  });
});

import { describe, expect, it } from 'vitest';
import { CREATE_REQUIREMENTS, createBreaches, standardCatalog, type CreateSet } from '../../src/catalog/index.js';
import { createProblems } from '../../src/translate/create-rules.js';
import { translateUpdate, type UpdateContactInput } from '../../src/translate/patch-body.js';

const set = (name: string, ...rows: Record<string, unknown>[]): CreateSet => ({
  name,
  items: rows.map((row) => ({ values: Object.entries(row).map(([n, value]) => ({ name: n, value })) })),
});

describe('CREATE_REQUIREMENTS (the table)', () => {
  it("names only sets and attributes of SFMC's standard model", () => {
    for (const rule of CREATE_REQUIREMENTS) {
      const group = standardCatalog.findGroup(rule.set);
      expect(group, rule.set).toBeDefined();
      for (const needs of rule.withSets) expect(standardCatalog.findGroup(needs), needs).toBeDefined();
      for (const needs of rule.withAttributes) expect(group && standardCatalog.findAttribute(group, needs), needs).toBeDefined();
    }
  });
});

describe('createBreaches', () => {
  it('accepts each channel on its own, LINE as its two sets', () => {
    expect(createBreaches([set('Email Addresses', { 'Email Address': 'a@example.com', 'HTML Enabled': true })])).toEqual([]);
    expect(createBreaches([set('MobileConnect Demographics', { 'Mobile Number': '1555', Locale: 'US' })])).toEqual([]);
    expect(createBreaches([set('MobilePush Demographics', { 'Device ID': 'd', Application: 'app' })])).toEqual([]);
    const line = [
      set('GroupConnect LINE Addresses', { 'Address ID': 'l' }),
      set('GroupConnect LINE Subscriptions', { 'Address ID': 'l' }),
    ];
    expect(createBreaches(line)).toEqual([]);
    expect(createBreaches([...line, set('GroupConnect LINE Demographics', { 'Address ID': 'l' })])).toEqual([]);
  });

  it('finds a missing channel, naming the channels the model has', () => {
    expect(createBreaches([])).toEqual([
      {
        rule: 'channel',
        channels: [
          'Email Addresses',
          'MobileConnect Demographics',
          'MobilePush Demographics',
          'GroupConnect LINE Addresses',
          'GroupConnect LINE Subscriptions',
        ],
      },
    ]);
    const noLine = (name: string) => !name.startsWith('GroupConnect');
    expect(createBreaches([], noLine)).toEqual([
      { rule: 'channel', channels: ['Email Addresses', 'MobileConnect Demographics', 'MobilePush Demographics'] },
    ]);
  });

  it('finds each set and attribute another needs, and a second row, without regard to case', () => {
    expect(
      createBreaches([
        set('email demographics', { 'First Name': 'A' }),
        set('EMAIL ADDRESSES', { 'Email Address': 'a@example.com', 'html enabled': null }, { 'Email Address': 'b@example.com' }),
        set('GroupConnect LINE Demographics', { 'Address ID': 'l' }),
      ]),
    ).toEqual([
      { rule: 'one-item', set: 1, item: 1 },
      { rule: 'with-attribute', set: 1, item: 0, needs: 'HTML Enabled' },
      { rule: 'with-attribute', set: 1, item: 1, needs: 'HTML Enabled' },
      { rule: 'with-set', set: 2, needs: 'GroupConnect LINE Addresses' },
      { rule: 'with-set', set: 2, needs: 'GroupConnect LINE Subscriptions' },
    ]);
  });

  it('never requires what the model lacks', () => {
    const known = (name: string, attribute?: string) => attribute !== 'Locale' && name !== 'GroupConnect LINE Subscriptions';
    expect(
      createBreaches(
        [set('MobileConnect Demographics', { 'Mobile Number': '1' }), set('GroupConnect LINE Addresses', { 'Address ID': 'l' })],
        known,
      ),
    ).toEqual([]);
  });
});

describe('createProblems', () => {
  const problems = (input: Record<string, unknown>) =>
    createProblems(standardCatalog, translateUpdate(standardCatalog, input as UpdateContactInput)).map((e) => [
      e.field.join('.'),
      e.code,
    ]);

  it('puts each breach at its input path, after the translation problems, and drops "nothing to update"', () => {
    expect(problems({ contactKey: 'k' })).toEqual([['input', 'CHANNEL_REQUIRED']]);
    expect(
      problems({
        contactKey: 'k',
        emailDemographics: { firstName: 'A' },
        mobilePushDemographics: [{ deviceId: 'd', application: '' }],
      }),
    ).toEqual([
      ['input.mobilePushDemographics.0.application', 'BLANK'],
      ['input.emailAddresses', 'REQUIRED_WITH'],
    ]);
  });

  it("adds nothing for a set the tenant's model lacks", () => {
    const catalog = standardCatalog;
    const translation = translateUpdate(catalog, {
      contactKey: 'k',
      emailAddresses: [{ emailAddress: 'a@example.com', htmlEnabled: true }],
      attributeSets: [{ name: 'Mystery', items: [{ values: [{ name: 'x', value: 1 }] }] }],
    } as UpdateContactInput);
    // An unknown set is the translation's problem; the create rules add nothing for it.
    expect(createProblems(catalog, translation).map((e) => e.code)).toEqual(['UNKNOWN_ATTRIBUTE_SET']);
  });
});

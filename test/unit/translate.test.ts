import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCatalog, standardCatalog } from '../../src/catalog/index.js';
import { coerceValue } from '../../src/catalog/data-types.js';
import { fieldText, InputError, type UserError } from '../../src/errors.js';
import { SEED_VARIABLES } from '../../src/server/graphiql-example.js';
import {
  buildPatchBody,
  MAX_USER_ERRORS,
  translateUpdate,
  type PatchBody,
  type UpdateContactInput,
} from '../../src/translate/patch-body.js';
import { invalidInput, toUpdateResult, unknownOutcome } from '../../src/translate/update-result.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

/**
 * The standard groups, without the tenant's names: the shape tests below use made-up sets and attributes ("Prefs", "a"),
 * which such a catalog passes on as SFMC would receive them. The names a model knows are tested on their own below.
 */
const anyNames = createCatalog(standardCatalog.groups, null);

const build = (input: Record<string, unknown>) => buildPatchBody(anyNames, input as UpdateContactInput);

/** Compares bodies the way SFMC reads them: values as text, values within a row in any order. */
function normalised(body: PatchBody | unknown) {
  const b = body as PatchBody;
  return {
    contactKey: b.contactKey,
    contactId: String(b.contactId),
    attributeSets: b.attributeSets.map((set) => ({
      name: set.name,
      items: set.items.map((item) =>
        item.values.map((v) => ({ name: v.name, value: String(v.value) })).sort((x, y) => x.name.localeCompare(y.name)),
      ),
    })),
  };
}

/** The problems of an input, with their paths as text. */
function problems(input: Record<string, unknown>): (UserError & { at: string })[] {
  return translateUpdate(anyNames, input as UpdateContactInput).problems.map((p) => ({ ...p, at: fieldText(p.field) }));
}

describe('input -> PATCH body', () => {
  it('turns the seed request, as GraphQL variables, into the seed PATCH body', () => {
    const body = build(SEED_VARIABLES.input);
    expect(normalised(body)).toEqual(normalised(fixture('seed-patch-body.json')));
    // Set names, set order and the body's top-level keys are exactly the seed's.
    expect(Object.keys(body)).toEqual(['contactKey', 'contactId', 'attributeSets']);
    expect(body.contactId).toBe(12345678);
  });

  it('sends values in their attribute type (true for HTML Enabled, numbers for numbers)', () => {
    const body = build({
      contactKey: 'k',
      emailAddresses: [{ emailAddress: 'a@example.com', htmlEnabled: true }],
      mobileConnectDemographics: [{ mobileNumber: '+1 555 0100', status: 1, utcOffset: -5.5, isHonorDst: false }],
    });
    expect(body.attributeSets).toEqual([
      {
        name: 'Email Addresses',
        items: [
          {
            values: [
              { name: 'Email Address', value: 'a@example.com' },
              { name: 'HTML Enabled', value: true },
            ],
          },
        ],
      },
      {
        name: 'MobileConnect Demographics',
        items: [
          {
            values: [
              { name: 'Mobile Number', value: '+1 555 0100' },
              { name: 'Status', value: 1 },
              { name: 'UTC Offset', value: -5.5 },
              { name: 'Is Honor DST', value: false },
            ],
          },
        ],
      },
    ]);
  });

  it('sends one item per row of a many-rows group', () => {
    const body = build({
      contactId: '7',
      mobilePushDemographics: [
        { deviceId: 'd1', application: 'app' },
        { deviceId: 'd2', application: 'app', firstName: 'Ann' },
      ],
    });
    expect(body).toEqual({
      contactId: 7,
      attributeSets: [
        {
          name: 'MobilePush Demographics',
          items: [
            {
              values: [
                { name: 'Device ID', value: 'd1' },
                { name: 'Application', value: 'app' },
              ],
            },
            {
              values: [
                { name: 'Device ID', value: 'd2' },
                { name: 'Application', value: 'app' },
                { name: 'First Name', value: 'Ann' },
              ],
            },
          ],
        },
      ],
    });
  });

  it('sends an explicit null to clear a nullable attribute, and leaves out what is not given', () => {
    const body = build({ contactKey: 'k', emailDemographics: { firstName: null, lastName: 'Cruz' } });
    expect(body.attributeSets[0]!.items[0]!.values).toEqual([
      { name: 'First Name', value: null },
      { name: 'Last Name', value: 'Cruz' },
    ]);
  });

  it('passes generic attribute sets through in SFMC shape, after the typed groups', () => {
    const body = build({
      contactKey: 'k',
      attributeSets: [{ name: 'Preferences', items: [{ values: [{ name: 'Favorite Store', value: 42 }] }] }],
      emailDemographics: { firstName: 'A' },
    });
    expect(body.attributeSets.map((s) => s.name)).toEqual(['Email Demographics', 'Preferences']);
    expect(body.attributeSets[1]).toEqual({
      name: 'Preferences',
      items: [{ values: [{ name: 'Favorite Store', value: 42 }] }],
    });
  });

  it('keeps contact ids beyond 2^53 exact by sending their digits', () => {
    expect(build({ contactId: '9007199254740993', emailDemographics: { firstName: 'A' } }).contactId).toBe('9007199254740993');
  });

  it.each([
    [{ emailDemographics: { firstName: 'A' } }, 'input.contactKey', 'REQUIRED', 'contactKey or contactId'],
    [{ contactKey: ' ', emailDemographics: { firstName: 'A' } }, 'input.contactKey', 'BLANK', 'empty'],
    [{ contactId: '12a', emailDemographics: { firstName: 'A' } }, 'input.contactId', 'INVALID_FORMAT', 'numeric'],
    [{ contactKey: 'k' }, 'input', 'EMPTY', 'nothing to update'],
    [{ contactKey: 'k', emailDemographics: {} }, 'input.emailDemographics', 'EMPTY', 'no attributes'],
    [
      { contactKey: 'k', emailAddresses: [{ emailAddress: 'not-an-email' }] },
      'input.emailAddresses[0].emailAddress',
      'INVALID_FORMAT',
      'email',
    ],
    [
      { contactKey: 'k', emailAddresses: [{ emailAddress: 'a@b.co', htmlEnabled: null }] },
      'input.emailAddresses[0].htmlEnabled',
      'REQUIRED',
      'cleared',
    ],
    [
      { contactKey: 'k', emailDemographics: { firstName: 'x'.repeat(101) } },
      'input.emailDemographics.firstName',
      'TOO_LONG',
      '100',
    ],
    [
      { contactKey: 'k', mobileConnectDemographics: [{ mobileNumber: 'call me' }] },
      'input.mobileConnectDemographics[0].mobileNumber',
      'INVALID_FORMAT',
      'phone',
    ],
    [
      { contactKey: 'k', mobileConnectDemographics: [{ mobileNumber: '555', status: 256 }] },
      'input.mobileConnectDemographics[0].status',
      'OUT_OF_RANGE',
      '255',
    ],
    [
      { contactKey: 'k', mobileConnectDemographics: [{ mobileNumber: '555', locale: 'USA' }] },
      'input.mobileConnectDemographics[0].locale',
      'TOO_LONG',
      '2',
    ],
    [
      { contactKey: 'k', emailDemographics: { firstName: 'A', extraAttributes: [{ name: 'first name', value: 'B' }] } },
      'input.emailDemographics.extraAttributes[0].name',
      'USE_TYPED_FIELD',
      'use firstName',
    ],
    [
      {
        contactKey: 'k',
        emailDemographics: {
          extraAttributes: [
            { name: 'X', value: 1 },
            { name: 'x', value: 2 },
          ],
        },
      },
      'input.emailDemographics.extraAttributes[1].name',
      'DUPLICATE',
      'twice',
    ],
    [
      { contactKey: 'k', attributeSets: [{ name: 'email addresses', items: [{ values: [{ name: 'a', value: 1 }] }] }] },
      'input.attributeSets[0].name',
      'USE_TYPED_FIELD',
      'use emailAddresses',
    ],
    [
      {
        contactKey: 'k',
        attributeSets: [
          { name: 'Prefs', items: [{ values: [{ name: 'a', value: 1 }] }] },
          { name: 'PREFS', items: [{ values: [{ name: 'a', value: 1 }] }] },
        ],
      },
      'input.attributeSets[1].name',
      'DUPLICATE',
      'twice',
    ],
    [{ contactKey: 'k', attributeSets: [{ name: 'Prefs', items: [] }] }, 'input.attributeSets[0].items', 'EMPTY', 'at least one'],
    [
      { contactKey: 'k', attributeSets: [{ name: 'Prefs', items: [{ values: [] }] }] },
      'input.attributeSets[0].items[0].values',
      'EMPTY',
      'at least one',
    ],
  ])('refuses %j at %s with %s', (input, path, code, text) => {
    const found = problems(input);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ at: path, code });
    expect(found[0]!.message).toContain(text);
    // buildPatchBody, for inputs that must be valid, throws them.
    expect(() => build(input)).toThrow(InputError);
  });

  it.each([
    ['a word for a Number', { mobileConnectDemographics: [{ mobileNumber: '555', status: 'one' }] }, 'WRONG_TYPE'],
    ['a bidi override', { emailDemographics: { firstName: 'evil\u202Egnp' } }, 'INVALID_CHARACTERS'],
    ['a reserved attribute name', { emailDemographics: { extraAttributes: [{ name: '__proto__', value: 1 }] } }, 'INVALID_NAME'],
    [
      'more rows than one update takes',
      { emailAddresses: Array.from({ length: 21 }, (_, i) => ({ emailAddress: `a${i}@example.com` })) },
      'TOO_MANY',
    ],
  ])('names %s with its code', (_what, input, code) => {
    expect(problems({ contactKey: 'k', ...input }).map((p) => p.code)).toEqual([code]);
  });

  it('names a date that does not exist INVALID_DATE', () => {
    const dated = createCatalog([
      {
        ...standardCatalog.groups.find((g) => g.graphqlName === 'emailDemographics')!,
        attributes: [
          {
            sfmcName: 'Birthday',
            key: 'Birthday',
            graphqlName: 'birthday',
            dataType: 'Date',
            isPrimaryKey: false,
            isNullable: true,
            description: '',
          },
        ],
      },
    ]);
    const { problems: found } = translateUpdate(dated, { contactKey: 'k', emailDemographics: { birthday: '2023-02-29' } });
    expect(found).toEqual([
      { field: ['input', 'emailDemographics', 'birthday'], code: 'INVALID_DATE', message: expect.stringMatching(/date/) },
    ]);
  });

  it('finds every problem of an input at once, in input order, each at its path', () => {
    const found = problems({
      contactKey: ' ',
      emailAddresses: [{ emailAddress: 'a@b.co' }, { emailAddress: 'nope', htmlEnabled: null }],
      emailDemographics: { firstName: 'x'.repeat(101), extraAttributes: [{ name: '-x', value: 1 }] },
      attributeSets: [
        {
          name: 'Prefs',
          items: [
            {
              values: [
                { name: 'A', value: 'ok' },
                { name: 'a', value: '\u0000' },
              ],
            },
          ],
        },
        { name: 'prefs', items: [] },
      ],
    });
    expect(found.map(({ field, code }) => ({ field, code }))).toEqual([
      { field: ['input', 'contactKey'], code: 'BLANK' },
      { field: ['input', 'emailAddresses', '1', 'emailAddress'], code: 'INVALID_FORMAT' },
      { field: ['input', 'emailAddresses', '1', 'htmlEnabled'], code: 'REQUIRED' },
      { field: ['input', 'emailDemographics', 'firstName'], code: 'TOO_LONG' },
      { field: ['input', 'emailDemographics', 'extraAttributes', '0', 'name'], code: 'INVALID_NAME' },
      { field: ['input', 'attributeSets', '0', 'items', '0', 'values', '1', 'value'], code: 'INVALID_CHARACTERS' },
      { field: ['input', 'attributeSets', '0', 'items', '0', 'values', '1', 'name'], code: 'DUPLICATE' },
      { field: ['input', 'attributeSets', '1', 'items'], code: 'EMPTY' },
      { field: ['input', 'attributeSets', '1', 'name'], code: 'DUPLICATE' },
    ]);
    expect(found.every((p) => !p.message.startsWith('input'))).toBe(true);
  });

  it('reports neither key nor anything to write as two problems', () => {
    expect(problems({}).map((p) => [p.at, p.code])).toEqual([
      ['input.contactKey', 'REQUIRED'],
      ['input', 'EMPTY'],
    ]);
  });

  it(`reports at most ${MAX_USER_ERRORS} problems, and does not look inside lists longer than their cap`, () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ mobileNumber: `x${i}`, status: 999 }));
    const many = problems({ contactKey: 'k', mobileConnectDemographics: rows(20), mobilePushDemographics: [] });
    expect(many).toHaveLength(40);
    const sets = Array.from({ length: 20 }, (_, i) => ({
      name: `Set ${i}`,
      items: [{ values: Array.from({ length: 10 }, (_, j) => ({ name: `-${j}`, value: 1 })) }],
    }));
    expect(problems({ contactKey: 'k', attributeSets: sets })).toHaveLength(MAX_USER_ERRORS);
    const tooMany = Array.from({ length: 21 }, () => sets[0]);
    expect(problems({ contactKey: 'k', attributeSets: tooMany }).map((p) => [p.at, p.code])).toEqual([
      ['input.attributeSets', 'TOO_MANY'],
    ]);
  });

  it('says where each part of the body came from, for refusals decided on the body', () => {
    const { body, pathOf } = translateUpdate(standardCatalog, {
      contactKey: 'k',
      emailAddresses: [{ emailAddress: 'a@b.co' }, { emailAddress: 'c@d.co', htmlEnabled: true }],
      emailDemographics: { lastName: 'L', extraAttributes: [{ name: 'Shoe Size', value: 44 }] },
      attributeSets: [{ name: 'Prefs', items: [{ values: [{ name: 'A', value: 1 }] }] }],
    } as UpdateContactInput);
    expect(body.attributeSets.map((s) => s.name)).toEqual(['Email Addresses', 'Email Demographics', 'Prefs']);
    expect(pathOf('contactKey')).toEqual(['input', 'contactKey']);
    expect(pathOf({ set: 0 })).toEqual(['input', 'emailAddresses']);
    expect(pathOf({ set: 0, item: 1, value: 1 })).toEqual(['input', 'emailAddresses', '1', 'htmlEnabled']);
    expect(pathOf({ set: 1, item: 0, value: 0 })).toEqual(['input', 'emailDemographics', 'lastName']);
    expect(pathOf({ set: 1, item: 0, value: 1 })).toEqual(['input', 'emailDemographics', 'extraAttributes', '0']);
    expect(pathOf({ set: 2, item: 0, value: 0 })).toEqual(['input', 'attributeSets', '0', 'items', '0', 'values', '0']);
  });
});

describe('SFMC response -> payload', () => {
  it('reads the documented response (rowsAffetcted, contactId)', () => {
    expect(toUpdateResult(fixture('seed-response.json'), 'req-1')).toEqual({
      operationStatus: 'OK',
      verification: 'SFMC_RESPONSE',
      retryable: false,
      rowsAffected: 1,
      contactKey: 'acruz@example.com',
      contactId: '12345678',
      contactTypeId: 0,
      isNewContactKey: false,
      hasErrors: false,
      messages: [],
      requestServiceMessageId: '8b51b524-28c1-46fc-9a44-02fca5b0a08c',
      serviceMessageId: '80676c59-ceb9-48aa-ad35-81e150094a17',
      responseDateTime: null,
      requestId: 'req-1',
      userErrors: [],
    });
  });

  it('reads the live response (rowsAffected, contactID, responseDateTime)', () => {
    const live = {
      operationStatus: 'OK',
      rowsAffected: 1,
      contactKey: '0039E00000DcvwjQAB',
      contactID: 36270040,
      contactTypeID: 0,
      isNewContactKey: false,
      requestServiceMessageID: '13d1b1b4-3f42-42cd-8775-4bc066528de0',
      responseDateTime: '2021-12-28T04:50:11.8146417-06:00',
      hasErrors: false,
      resultMessages: [],
      serviceMessageID: '36f9ab27-aaee-46d5-b41f-4b7a61fc645a',
    };
    const result = toUpdateResult(live, 'req-2');
    expect(result).toMatchObject({
      operationStatus: 'OK',
      rowsAffected: 1,
      contactId: '36270040',
      responseDateTime: '2021-12-28T04:50:11.8146417-06:00',
      serviceMessageId: '36f9ab27-aaee-46d5-b41f-4b7a61fc645a',
    });
  });

  it('never reports FAIL or hasErrors as success', () => {
    const message = { resultType: 'Validation', resultClass: 'Error', resultCode: 'AttributeNotFound', message: 'No.' };
    const fail = toUpdateResult({ operationStatus: 'FAIL', hasErrors: true, resultMessages: [message] }, 'r');
    expect(fail).toMatchObject({ operationStatus: 'FAIL', hasErrors: true, retryable: false, messages: [message] });
    expect(toUpdateResult({ operationStatus: 'OK', hasErrors: true }, 'r').operationStatus).toBe('FAIL');
  });

  it('reads contactID 0 on a FAIL answer as no id, not "0"', () => {
    expect(toUpdateResult({ operationStatus: 'FAIL', hasErrors: true, contactID: 0 }, 'r').contactId).toBeNull();
    expect(toUpdateResult({ operationStatus: 'FAIL', hasErrors: true, contactId: '0' }, 'r').contactId).toBeNull();
    expect(toUpdateResult({ operationStatus: 'OK', contactID: 36270040 }, 'r').contactId).toBe('36270040');
  });

  it('keeps a message SFMC gives only as messageFormatString, with its parameters filled in', () => {
    const formatted = {
      resultType: 'Validation',
      resultClass: 'Error',
      resultCode: 'AttributeNotFound',
      messageFormatString: 'Attribute {0} not found in {1} ({2})',
      formatStringParams: ['Nope', 'Email Addresses'],
    };
    const plain = { ...formatted, message: 'Plain text wins.', messageFormatString: 'ignored {0}' };
    const result = toUpdateResult({ operationStatus: 'FAIL', resultMessages: [formatted, plain] }, 'r');
    expect(result.messages.map((m) => m.message)).toEqual([
      'Attribute Nope not found in Email Addresses ({2})',
      'Plain text wins.',
    ]);
  });

  it.each([[null], ['OK'], [[]], [{}], [{ operationStatus: 'Pending' }]])('reads %j as UNKNOWN, never OK', (body) => {
    const result = toUpdateResult(body, 'r');
    expect(result.operationStatus).toBe('UNKNOWN');
    expect(result.hasErrors).toBe(true);
    expect(result.retryable).toBe(true);
    expect(result.messages.at(-1)?.resultCode).toBe('OUTCOME_UNKNOWN');
  });

  it('describes a refused input as INVALID: not retryable, nothing SFMC said', () => {
    const userErrors: UserError[] = [{ field: ['input', 'contactKey'], code: 'BLANK', message: 'must not be empty or blank' }];
    expect(invalidInput('r-8', userErrors)).toMatchObject({
      operationStatus: 'INVALID',
      retryable: false,
      hasErrors: true,
      contactKey: null,
      messages: [],
      requestId: 'r-8',
      userErrors,
    });
  });

  it('describes an unknown outcome with the request id', () => {
    expect(unknownOutcome('r-9', 'The connection was reset.')).toMatchObject({
      operationStatus: 'UNKNOWN',
      requestId: 'r-9',
      messages: [{ resultCode: 'OUTCOME_UNKNOWN' }],
    });
  });
});

describe('values that looked valid and were not (issue 15, items 14-17)', () => {
  /** A catalog whose Email Demographics holds one Date attribute, `birthday`. */
  const dated = createCatalog([
    {
      ...standardCatalog.groups.find((g) => g.graphqlName === 'emailDemographics')!,
      attributes: [
        {
          sfmcName: 'Birthday',
          key: 'Birthday',
          graphqlName: 'birthday',
          dataType: 'Date',
          isPrimaryKey: false,
          isNullable: true,
          description: '',
        },
      ],
    },
  ]);
  const dateCodes = (birthday: string) =>
    translateUpdate(dated, { contactKey: 'k', emailDemographics: { birthday } }).problems.map(
      (p) => `${fieldText(p.field)} ${p.code}`,
    );

  it.each([
    '2024-01-01T25:99:99Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T23:60:00Z',
    '2024-01-01T23:59:60Z',
    '2024-01-01T10:00:00+99:99',
    '2024-01-01T10:00:00+15:00',
    '2024-01-01T10:00:00-0560',
    '2024-01-01T10:00:00.1234567890Z',
  ])('14. refuses the date-time %s: its time or offset does not exist', (birthday) => {
    expect(dateCodes(birthday)).toEqual(['input.emailDemographics.birthday INVALID_DATE']);
  });

  it.each([
    '2024-02-29',
    '2024-01-01T00:00',
    '2024-01-01T23:59:59Z',
    '2024-01-01T10:00:00+14:00',
    '2024-01-01T10:00:00-12:00',
    '2024-01-01T10:00:00+0545',
    '2021-12-28T04:50:11.8146417-06:00',
    '12/31/2024',
  ])('14. accepts the date %s', (birthday) => {
    expect(dateCodes(birthday)).toEqual([]);
  });

  const blankLooking = [
    '\u3164',
    '\u2800',
    '\u00ad',
    '\u{E0020}\u{E0041}',
    '\uFE0F',
    '\u0301\u0301\u0301',
    ' \u115F\u1160 ',
    '\uFFA0',
  ];

  it.each(blankLooking)('15. refuses %j as a key, a name or a value: nothing in it can be seen (BLANK)', (text) => {
    expect(problems({ contactKey: text, emailDemographics: { firstName: text } }).map((p) => `${p.at} ${p.code}`)).toEqual([
      'input.contactKey BLANK',
      'input.emailDemographics.firstName BLANK',
    ]);
    const named = problems({
      contactKey: 'k',
      attributeSets: [{ name: text, items: [{ values: [{ name: text, value: text }] }] }],
    });
    expect(named.map((p) => `${p.at} ${p.code}`)).toEqual([
      'input.attributeSets[0].name BLANK',
      'input.attributeSets[0].items[0].values[0].name BLANK',
      'input.attributeSets[0].items[0].values[0].value BLANK',
    ]);
  });

  it.each([
    ['a\u3164', 'U+3164'],
    ['a\u2800b', 'U+2800'],
    ['jo\u00adhn', 'U+00AD'],
    ['key\u{E0041}', 'U+E0041'],
    ['a\uFE0F', 'U+FE0F'],
    ['a\u2028b', 'U+2028'],
  ])('15. refuses the invisible character in the key or name %j, and names it', (text, named) => {
    const found = problems({
      contactKey: text,
      emailDemographics: { firstName: text, extraAttributes: [{ name: text, value: 1 }] },
    });
    expect(found.map((p) => `${p.at} ${p.code}`)).toEqual([
      'input.contactKey INVALID_CHARACTERS',
      'input.emailDemographics.extraAttributes[0].name INVALID_CHARACTERS',
    ]);
    expect(found[0]!.message).toContain(named);
  });

  it('15. refuses combining marks with no letter, or stacked more than 4 high, in keys and names', () => {
    const zalgo = `Z${'\u0301\u0302\u0303\u0304\u0305'}algo`;
    expect(
      problems({ contactKey: '\u0301abc', emailDemographics: { extraAttributes: [{ name: zalgo, value: zalgo }] } }).map(
        (p) => `${p.at} ${p.code}`,
      ),
    ).toEqual(['input.contactKey INVALID_CHARACTERS', 'input.emailDemographics.extraAttributes[0].name INVALID_CHARACTERS']);
  });

  it('15. keeps what real text holds: accents (composed or not), scripts that stack marks, emoji in values', () => {
    for (const text of ['José', 'Jose\u0301', 'Tiê\u0301ng Vie\u0323\u0302t', 'हिन्दी', 'שָׁלוֹם']) {
      expect(problems({ contactKey: text, emailDemographics: { firstName: text } })).toEqual([]);
    }
    expect(problems({ contactKey: 'k', emailDemographics: { firstName: 'I \u2764\uFE0F it, co\u00adoperate' } })).toEqual([]);
  });

  it('16. sends ids up to 2^63 - 1: a number while exact, digits beyond 2^53', () => {
    const id = (contactId: string | number) => build({ contactId, emailDemographics: { firstName: 'A' } }).contactId;
    expect(id('12345678')).toBe(12345678);
    expect(id(9007199254740991)).toBe(9007199254740991);
    expect(id('9007199254740991')).toBe(9007199254740991);
    expect(id('9007199254740993')).toBe('9007199254740993');
    expect(id('1234567890123456789')).toBe('1234567890123456789');
    expect(id('9223372036854775807')).toBe('9223372036854775807');
    expect(id('0000000000000042')).toBe(42);
  });

  it.each([
    ['9223372036854775808', 'OUT_OF_RANGE', '9223372036854775807'],
    ['9999999999999999999', 'OUT_OF_RANGE', '64-bit'],
    ['0', 'OUT_OF_RANGE', 'at least 1'],
    ['00000000000000000001', 'INVALID_FORMAT', 'numeric'],
    ['-5', 'INVALID_FORMAT', 'numeric'],
    ['1e+21', 'INVALID_FORMAT', 'numeric'],
    [9007199254740992, 'OUT_OF_RANGE', 'as a string'],
    [2 ** 60, 'OUT_OF_RANGE', 'as a string'],
  ])('16. refuses the contact id %j (%s)', (contactId, code, text) => {
    const found = problems({ contactId, emailDemographics: { firstName: 'A' } });
    expect(found.map((p) => `${p.at} ${p.code}`)).toEqual([`input.contactId ${code}`]);
    expect(found[0]!.message).toContain(text);
  });

  it('16. refuses a whole number beyond 2^53 as an untyped value: JSON has already changed it', () => {
    const found = problems({
      contactKey: 'k',
      attributeSets: [
        {
          name: 'Loyalty',
          items: [
            {
              values: [
                { name: 'Card', value: JSON.parse('9007199254740993') as number },
                { name: 'Points', value: 12.5 },
              ],
            },
          ],
        },
      ],
    });
    expect(found.map((p) => `${p.at} ${p.code}`)).toEqual(['input.attributeSets[0].items[0].values[0].value OUT_OF_RANGE']);
    expect(found[0]!.message).toContain('as a string');
  });

  it.each(['a@b..c', 'a..b@c.d', '.a@b.c', 'a.@b.c', 'a@-.-', 'a@-b.com', 'a@b-.com', 'a@b', 'a@1.2', `${'x'.repeat(65)}@b.co`])(
    '17. refuses the email address %j',
    (emailAddress) => {
      expect(problems({ contactKey: 'k', emailAddresses: [{ emailAddress }] }).map((p) => `${p.at} ${p.code}`)).toEqual([
        'input.emailAddresses[0].emailAddress INVALID_FORMAT',
      ]);
    },
  );

  it.each(['a@b.co', 'first.last+tag@mail.example.co.uk', "o'brien@example.com", 'josé@münchen.de', 'a@xn--p1ai.xn--p1ai'])(
    '17. accepts the email address %j',
    (emailAddress) => {
      expect(problems({ contactKey: 'k', emailAddresses: [{ emailAddress }] })).toEqual([]);
    },
  );

  it.each(['---', '()', '+', '. .', '12', '555\n0100', '+1 555 0100 ext'])('17. refuses the phone number %j', (mobileNumber) => {
    expect(problems({ contactKey: 'k', mobileConnectDemographics: [{ mobileNumber }] }).map((p) => `${p.at} ${p.code}`)).toEqual([
      'input.mobileConnectDemographics[0].mobileNumber INVALID_FORMAT',
    ]);
  });

  it("17. counts a phone number's digits: 3 to 15 (E.164), whatever the attribute's length", () => {
    expect(coerceValue('Phone', '+1 (555) 010-0100')).toEqual({ ok: true, value: '+1 (555) 010-0100' });
    expect(coerceValue('Phone', '1234567890123456')).toMatchObject({ ok: false, reason: expect.stringContaining('15 digits') });
    expect(coerceValue('Phone', '- - -')).toMatchObject({ ok: false });
  });

  it('17. refuses rows of a typed group that repeat a key, without case, at the later row', () => {
    const same = Array.from({ length: 20 }, () => ({ emailAddress: 'a@example.com' }));
    const found = problems({ contactKey: 'k', emailAddresses: same });
    expect(found).toHaveLength(19);
    expect(found[0]).toMatchObject({ at: 'input.emailAddresses[1].emailAddress', code: 'DUPLICATE' });
    expect(found[0]!.message).toContain('row 0');
    const byCase = problems({
      contactKey: 'k',
      emailAddresses: [{ emailAddress: 'a@example.com' }, { emailAddress: 'b@example.com' }, { emailAddress: 'A@Example.COM' }],
      mobilePushDemographics: [
        { deviceId: 'd1', application: 'app' },
        { deviceId: 'd1', application: 'other' },
        { deviceId: 'D1', application: 'APP' },
      ],
    });
    expect(byCase.map((p) => `${p.at} ${p.code}`)).toEqual([
      'input.emailAddresses[2].emailAddress DUPLICATE',
      'input.mobilePushDemographics[2].deviceId DUPLICATE',
    ]);
  });

  it('17. refuses rows of an untyped group that repeat another row, without case', () => {
    const row = (value: string) => ({
      values: [
        { name: 'Store', value },
        { name: 'Tier', value: 1 },
      ],
    });
    const found = problems({
      contactKey: 'k',
      attributeSets: [
        {
          name: 'Loyalty',
          items: [
            row('North'),
            row('South'),
            row('NORTH'),
            {
              values: [
                { name: 'tier', value: '1' },
                { name: 'store', value: 'north' },
              ],
            },
          ],
        },
      ],
    });
    expect(found.map((p) => `${p.at} ${p.code}`)).toEqual([
      'input.attributeSets[0].items[2] DUPLICATE',
      'input.attributeSets[0].items[3] DUPLICATE',
    ]);
  });
});

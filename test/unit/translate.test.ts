import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { standardCatalog } from '../../src/catalog/index.js';
import { InputError } from '../../src/errors.js';
import { SEED_VARIABLES } from '../../src/server/graphiql-example.js';
import { buildPatchBody, type PatchBody, type UpdateContactInput } from '../../src/translate/patch-body.js';
import { toUpdateResult, unknownOutcome } from '../../src/translate/update-result.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

const build = (input: Record<string, unknown>) => buildPatchBody(standardCatalog, input as UpdateContactInput);

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

function refusal(input: Record<string, unknown>): InputError {
  try {
    build(input);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected the input to be refused');
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
    [{ emailDemographics: { firstName: 'A' } }, 'input', 'contactKey or contactId'],
    [{ contactKey: ' ', emailDemographics: { firstName: 'A' } }, 'input.contactKey', 'empty'],
    [{ contactId: '12a', emailDemographics: { firstName: 'A' } }, 'input.contactId', 'numeric'],
    [{ contactKey: 'k' }, 'input', 'nothing to update'],
    [{ contactKey: 'k', emailDemographics: {} }, 'input.emailDemographics', 'no attributes'],
    [{ contactKey: 'k', emailAddresses: [{ emailAddress: 'not-an-email' }] }, 'input.emailAddresses[0].emailAddress', 'email'],
    [
      { contactKey: 'k', emailAddresses: [{ emailAddress: 'a@b.co', htmlEnabled: null }] },
      'input.emailAddresses[0].htmlEnabled',
      'cleared',
    ],
    [{ contactKey: 'k', emailDemographics: { firstName: 'x'.repeat(101) } }, 'input.emailDemographics.firstName', '100'],
    [
      { contactKey: 'k', mobileConnectDemographics: [{ mobileNumber: 'call me' }] },
      'input.mobileConnectDemographics[0].mobileNumber',
      'phone',
    ],
    [
      { contactKey: 'k', mobileConnectDemographics: [{ mobileNumber: '555', status: 256 }] },
      'input.mobileConnectDemographics[0].status',
      '255',
    ],
    [
      { contactKey: 'k', mobileConnectDemographics: [{ mobileNumber: '555', locale: 'USA' }] },
      'input.mobileConnectDemographics[0].locale',
      '2',
    ],
    [
      { contactKey: 'k', emailDemographics: { firstName: 'A', extraAttributes: [{ name: 'first name', value: 'B' }] } },
      'input.emailDemographics.extraAttributes[0].name',
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
      'input.emailDemographics.extraAttributes',
      'twice',
    ],
    [
      { contactKey: 'k', attributeSets: [{ name: 'email addresses', items: [{ values: [{ name: 'a', value: 1 }] }] }] },
      'input.attributeSets[0].name',
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
      'input.attributeSets',
      'twice',
    ],
    [{ contactKey: 'k', attributeSets: [{ name: 'Prefs', items: [] }] }, 'input.attributeSets[0].items', 'at least one'],
    [
      { contactKey: 'k', attributeSets: [{ name: 'Prefs', items: [{ values: [] }] }] },
      'input.attributeSets[0].items[0].values',
      'at least one',
    ],
  ])('refuses %j at %s', (input, path, text) => {
    const error = refusal(input);
    expect(error.path).toBe(path);
    expect(error.message).toContain(text);
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

  it.each([[null], ['OK'], [[]], [{}], [{ operationStatus: 'Pending' }]])('reads %j as UNKNOWN, never OK', (body) => {
    const result = toUpdateResult(body, 'r');
    expect(result.operationStatus).toBe('UNKNOWN');
    expect(result.hasErrors).toBe(true);
    expect(result.retryable).toBe(true);
    expect(result.messages.at(-1)?.resultCode).toBe('OUTCOME_UNKNOWN');
  });

  it('describes an unknown outcome with the request id', () => {
    expect(unknownOutcome('r-9', 'The connection was reset.')).toMatchObject({
      operationStatus: 'UNKNOWN',
      requestId: 'r-9',
      messages: [{ resultCode: 'OUTCOME_UNKNOWN' }],
    });
  });
});

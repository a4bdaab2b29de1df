import { describe, expect, it } from 'vitest';
import { phoneDigits } from '../../src/catalog/data-types.js';
import {
  readSmsSubscriptions,
  smsSubscriptionsBody,
  toSmsOptInResult,
  translateSmsOptIn,
} from '../../src/translate/sms-consent.js';
import {
  preferencesSearchBody,
  preferencesUpdateBody,
  readBackTracking,
  readPreferences,
  toTrackingResult,
  trackingOptOutProblems,
} from '../../src/translate/tracking-preferences.js';

const SENT = { contactKey: 'k', contactId: '12345678', optOut: true };

describe('tracking preferences (pure)', () => {
  it('sends ids as JSON numbers when they fit, as digit strings beyond 2^53', () => {
    expect(preferencesSearchBody(['12345678', '9007199254740993'])).toEqual({ items: [12345678, '9007199254740993'] });
    expect(preferencesUpdateBody('42', false)).toEqual({ items: [{ contactID: 42, hasOptedOutTracking: false }] });
  });

  it('reads the preferences SFMC answered, either spelling of the id, skipping items without a flag', () => {
    const read = readPreferences({
      items: [
        { contactID: 1, hasOptedOutTracking: true },
        { contactId: '2', hasOptedOutTracking: false },
        { contactID: 3 },
        { contactID: 0, hasOptedOutTracking: true },
      ],
    });
    expect([...read]).toEqual([
      ['1', true],
      ['2', false],
    ]);
    expect(readPreferences('not json').size).toBe(0);
  });

  it('checks the contact key like updateContact does', () => {
    expect(trackingOptOutProblems({ contactKey: 'k', optOut: true })).toEqual([]);
    expect(trackingOptOutProblems({ contactKey: ' ', optOut: true })).toEqual([
      expect.objectContaining({ field: ['input', 'contactKey'], code: 'BLANK' }),
    ]);
    expect(trackingOptOutProblems({ contactKey: 'a\u200bb', optOut: true })[0]?.code).toBe('INVALID_CHARACTERS');
  });

  it('is OK when SFMC echoes the value sent, FAIL when it says so, UNKNOWN otherwise', () => {
    const echoed = { items: [{ contactID: 12345678, hasOptedOutTracking: true }], rowsUpdated: 1, resultMessages: [] };
    expect(toTrackingResult(echoed, SENT, 'r')).toMatchObject({
      operationStatus: 'OK',
      verification: 'SFMC_RESPONSE',
      retryable: false,
      trackingOptOut: true,
      contactKey: 'k',
    });
    const refused = {
      items: [],
      hasErrors: true,
      resultMessages: [{ resultClass: 'Error', resultCode: 'ContactNotFound', message: 'No contact' }],
    };
    expect(toTrackingResult(refused, SENT, 'r')).toMatchObject({
      operationStatus: 'FAIL',
      retryable: false,
      messages: [{ resultCode: 'ContactNotFound', message: 'No contact' }],
    });
    expect(toTrackingResult({ items: [] }, SENT, 'r')).toMatchObject({ operationStatus: 'UNKNOWN', retryable: true });
    expect(toTrackingResult([], SENT, 'r')).toMatchObject({ operationStatus: 'UNKNOWN', retryable: true });
  });

  it('settles an UNKNOWN outcome by the value read back, and only by the value sent', () => {
    const unknown = toTrackingResult({}, SENT, 'r');
    expect(readBackTracking(unknown, true, true)).toMatchObject({
      operationStatus: 'OK',
      verification: 'READ_BACK',
      messages: [],
    });
    expect(readBackTracking(unknown, false, true)).toBe(unknown);
    expect(readBackTracking(unknown, undefined, true)).toBe(unknown);
  });
});

describe('SMS consent (pure)', () => {
  it('drops phone punctuation and refuses what is not a phone number', () => {
    expect(phoneDigits('+1 (555) 555-1212')).toBe('15555551212');
    expect(phoneDigits('49.151.234')).toBe('49151234');
    expect(phoneDigits('555-CALL')).toBeUndefined();
  });

  it('builds the double opt-in: the keyword as the message, the number alone or with the caller as subscriber', () => {
    const input = { mobileNumber: '+1 555 555 1212', shortCode: ' 86288 ', keyword: 'JOIN' };
    expect(translateSmsOptIn(input)).toEqual({
      body: { mobileNumbers: ['15555551212'], shortCode: '86288', messageText: 'JOIN' },
      userErrors: [],
    });
    expect(translateSmsOptIn(input, 'me').body).toEqual({
      subscribers: [{ mobilenumber: '15555551212', subscriberkey: 'me' }],
      shortCode: '86288',
      messageText: 'JOIN',
    });
  });

  it('takes numbers of 8 to 15 digits only, and checks the short code and keyword, all at once', () => {
    const problems = (mobileNumber: string, shortCode = '86288', keyword = 'JOIN') =>
      translateSmsOptIn({ mobileNumber, shortCode, keyword }).userErrors.map((e) => [e.field.join('.'), e.code]);
    expect(problems('1234567')).toEqual([['input.mobileNumber', 'INVALID_FORMAT']]);
    expect(problems('12345678')).toEqual([]);
    expect(problems('123456789012345')).toEqual([]);
    expect(problems('1234567890123456')).toEqual([['input.mobileNumber', 'INVALID_FORMAT']]);
    expect(problems('+1 555 CALL NOW')).toEqual([['input.mobileNumber', 'INVALID_FORMAT']]);
    expect(problems('', '', ' ')).toEqual([
      ['input.mobileNumber', 'BLANK'],
      ['input.shortCode', 'BLANK'],
      ['input.keyword', 'BLANK'],
    ]);
    expect(problems('15555551212', '8628a', 'JOIN NOW')).toEqual([
      ['input.shortCode', 'INVALID_FORMAT'],
      ['input.keyword', 'INVALID_FORMAT'],
    ]);
    expect(problems('15555551212', '86288', 'K'.repeat(31))).toEqual([['input.keyword', 'TOO_LONG']]);
  });

  it('attributes subscriptions by the subscriber key SFMC names, or to the one key asked', () => {
    expect(smsSubscriptionsBody(['a', 'b'])).toEqual({ subscriberKey: ['a', 'b'] });
    const row = { mobileNumber: '15555555555', shortCode: '55555', keyword: 'JOIN', optInDate: '2013-12-30T14:10:32.2330000' };
    const named = readSmsSubscriptions({ count: '1', contacts: [{ ...row, subscriberKey: 'b' }] }, ['a', 'b']);
    expect(named).toEqual(
      new Map([
        ['a', []],
        ['b', [{ mobileNumber: '15555555555', shortCode: '55555', keyword: 'JOIN', optedInAt: '2013-12-30T14:10:32.2330000' }]],
      ]),
    );
    expect(readSmsSubscriptions({ contacts: [row] }, ['a'])).toEqual(
      new Map([['a', [expect.objectContaining({ keyword: 'JOIN' })]]]),
    );
    expect(readSmsSubscriptions({ contacts: [row] }, ['a', 'b'])).toBe('unattributed');
    expect(readSmsSubscriptions({ count: '0', contacts: [] }, ['a', 'b'])).toEqual(
      new Map([
        ['a', []],
        ['b', []],
      ]),
    );
  });

  it("reads queueMO's result per number: OK is PENDING_CONFIRMATION, anything else NOT_QUEUED with SFMC's words", () => {
    expect(
      toSmsOptInResult({ results: [{ identifier: 'id-1', mobileNumber: '15555551212', result: 'OK' }] }, ['15555551212'], 'r'),
    ).toMatchObject({
      operationStatus: 'OK',
      results: [{ mobileNumber: '15555551212', status: 'PENDING_CONFIRMATION', reason: null, identifier: 'id-1' }],
    });
    expect(
      toSmsOptInResult({ results: [{ mobileNumber: '15555551212', result: 'Opted out' }] }, ['15555551212'], 'r'),
    ).toMatchObject({
      operationStatus: 'FAIL',
      retryable: false,
      results: [{ status: 'NOT_QUEUED', reason: 'Opted out', identifier: null }],
    });
    expect(toSmsOptInResult({ results: [] }, ['15555551212'], 'r')).toMatchObject({
      operationStatus: 'UNKNOWN',
      retryable: true,
    });
  });
});

import { phoneDigits } from '../catalog/data-types.js';
import type { UserError } from '../errors.js';
import { isJsonObject } from '../json-object.js';
import { unknownConsentOutcome, type ConsentOutcome } from './consent-result.js';
import { valueProblem } from './input-text.js';

/**
 * SMS (MobileConnect) consent: the bodies of `POST /sms/v1/contacts/subscriptions` and
 * `POST /sms/v1/queueMO`, and the reading of their answers. A web form's opt-in is a double
 * opt-in: the keyword is replayed as if texted, and the person confirms by SMS.
 */

/** What queueMO takes: numbers of 8 to 15 digits once punctuation is dropped (E.164 allows at most 15). */
export const MOBILE_NUMBER_DIGITS = { min: 8, max: 15 } as const;
/** MobileConnect codes: a short code (5 or 6 digits in most countries) or a long code, digits only. */
const SHORT_CODE = /^[0-9]{3,15}$/;
/** A keyword is one word a person texts. */
const KEYWORD = /^[A-Za-z0-9_-]+$/;
const KEYWORD_LENGTH = 30;

export interface SmsSubscription {
  shortCode: string;
  keyword: string;
  mobileNumber: string;
  /** As SFMC reports it (its local time, no offset); null when absent. */
  optedInAt: string | null;
}

export function smsSubscriptionsBody(subscriberKeys: readonly string[]) {
  return { subscriberKey: [...subscriberKeys] };
}

/**
 * The subscriptions per subscriber key, or `unattributed` when some row carries no subscriber key: SFMC
 * documents the answer without one, so rows can be matched to keys only when it echoes them (or one
 * key was asked).
 */
export function readSmsSubscriptions(body: unknown, asked: readonly string[]): Map<string, SmsSubscription[]> | 'unattributed' {
  const contacts = isJsonObject(body) && Array.isArray(body.contacts) ? body.contacts.filter(isJsonObject) : [];
  const byKey = new Map<string, SmsSubscription[]>(asked.map((key) => [key, []]));
  for (const row of contacts) {
    const key = row.subscriberKey ?? row.SubscriberKey ?? (asked.length === 1 ? asked[0] : undefined);
    if (typeof key !== 'string') return 'unattributed';
    const subscription = {
      shortCode: String(row.shortCode ?? ''),
      keyword: String(row.keyword ?? ''),
      mobileNumber: String(row.mobileNumber ?? ''),
      optedInAt: typeof row.optInDate === 'string' ? row.optInDate : null,
    };
    byKey.get(key)?.push(subscription);
  }
  return byKey;
}

export interface SmsOptInInput {
  mobileNumber: string;
  shortCode: string;
  keyword: string;
}

export interface SmsOptInBody {
  shortCode: string;
  messageText: string;
  mobileNumbers?: string[];
  subscribers?: { mobilenumber: string; subscriberkey: string }[];
}

/**
 * The queueMO body for an opt-in, and every problem of the input. `subscriberKey`: a self-service
 * caller's own contact key, sent with the number so the subscription is theirs.
 */
export function translateSmsOptIn(input: SmsOptInInput, subscriberKey?: string): { body: SmsOptInBody; userErrors: UserError[] } {
  const userErrors: UserError[] = [];
  const refuse = (field: string, code: UserError['code'], message: string) =>
    userErrors.push({ field: ['input', field], code, message });
  const digits = phoneDigits(input.mobileNumber.trim());
  if (input.mobileNumber.trim() === '') refuse('mobileNumber', 'BLANK', 'must not be empty');
  else if (digits === undefined || digits.length < MOBILE_NUMBER_DIGITS.min || digits.length > MOBILE_NUMBER_DIGITS.max) {
    const { min, max } = MOBILE_NUMBER_DIGITS;
    refuse('mobileNumber', 'INVALID_FORMAT', `must be a mobile number of ${min} to ${max} digits, country code first`);
  }
  const shortCode = input.shortCode.trim();
  if (shortCode === '') refuse('shortCode', 'BLANK', 'must not be empty');
  else if (!SHORT_CODE.test(shortCode)) refuse('shortCode', 'INVALID_FORMAT', 'must be a short or long code: 3 to 15 digits');
  const keywordProblem = valueProblem(input.keyword, KEYWORD_LENGTH);
  if (keywordProblem !== undefined) refuse('keyword', keywordProblem.code, keywordProblem.message);
  else if (!KEYWORD.test(input.keyword.trim()))
    refuse('keyword', 'INVALID_FORMAT', 'must be one word of letters, digits, _ or -');
  const number = digits ?? '';
  const body: SmsOptInBody = {
    ...(subscriberKey === undefined
      ? { mobileNumbers: [number] }
      : { subscribers: [{ mobilenumber: number, subscriberkey: subscriberKey }] }),
    shortCode,
    messageText: input.keyword.trim(),
  };
  return { body, userErrors };
}

/** The numbers a queueMO body sends, in order. */
export const numbersSent = (body: SmsOptInBody): string[] =>
  body.mobileNumbers ?? (body.subscribers ?? []).map((s) => s.mobilenumber);

export type SmsOptInStatus = 'PENDING_CONFIRMATION' | 'NOT_QUEUED';

export interface SmsOptInNumberResult {
  mobileNumber: string;
  status: SmsOptInStatus;
  /** SFMC's result when it is not OK (why the confirmation was not queued); null when queued. */
  reason: string | null;
  /** SFMC's identifier of the queued message. */
  identifier: string | null;
}

export interface SmsOptInResult extends ConsentOutcome {
  results: SmsOptInNumberResult[];
}

/**
 * queueMO's answer, per number: `result: "OK"` queued the confirmation (PENDING_CONFIRMATION), any
 * other result did not (NOT_QUEUED, with SFMC's words). OK when every number was queued, FAIL when
 * one was not, UNKNOWN when a number sent has no result.
 */
export function toSmsOptInResult(body: unknown, sent: readonly string[], requestId: string): SmsOptInResult {
  const rows = isJsonObject(body) && Array.isArray(body.results) ? body.results.filter(isJsonObject) : [];
  const results: SmsOptInNumberResult[] = [];
  for (const [i, mobileNumber] of sent.entries()) {
    const row = rows.find((r) => String(r.mobileNumber ?? '') === mobileNumber) ?? rows[i];
    if (row === undefined)
      return { ...unknownConsentOutcome(requestId, 'SFMC answered without a result for every number.'), results };
    const result = String(row.result ?? '');
    const queued = result.toUpperCase() === 'OK';
    const identifier = typeof row.identifier === 'string' ? row.identifier : null;
    results.push({
      mobileNumber,
      status: queued ? 'PENDING_CONFIRMATION' : 'NOT_QUEUED',
      reason: queued ? null : result,
      identifier,
    });
  }
  const allQueued = results.every((r) => r.status === 'PENDING_CONFIRMATION');
  return {
    operationStatus: allQueued ? 'OK' : 'FAIL',
    verification: 'SFMC_RESPONSE',
    retryable: false,
    messages: [],
    userErrors: [],
    requestId,
    results,
  };
}

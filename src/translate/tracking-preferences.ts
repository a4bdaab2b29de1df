import { isJsonObject } from '../json-object.js';
import { contactKeyProblem } from './input-text.js';
import type { UserError } from '../errors.js';
import { unknownConsentOutcome, type ConsentOutcome } from './consent-result.js';
import { resultMessages } from './update-result.js';

/**
 * Tracking opt-out: the bodies of `POST /contacts/v1/contacts/preferences/search?ReferenceType=2`
 * and `POST /contacts/v1/contacts/preferences`, and the reading of their answers. Preferences are
 * keyed by SFMC's contact id, which the attributes search reads (never `establish`, which creates).
 */

export interface TrackingOptOutResult extends ConsentOutcome {
  contactKey: string | null;
  /** What SFMC holds now, when known (SFMC's answer echoed it, or it was read back). */
  trackingOptOut: boolean | null;
}

export interface TrackingOptOutInput {
  contactKey: string;
  optOut: boolean;
}

/** Ids travel as JSON numbers, as SFMC's examples send them, when a double holds them exactly. */
const jsonId = (id: string): number | string => (Number.isSafeInteger(Number(id)) ? Number(id) : id);

function idOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  return typeof value === 'string' && /^[1-9]\d*$/.test(value) ? value : null;
}

export function preferencesSearchBody(contactIds: readonly string[]) {
  return { items: contactIds.map(jsonId) };
}

/** hasOptedOutTracking per contact id, for the items SFMC answered with one. */
export function readPreferences(body: unknown): Map<string, boolean> {
  const found = new Map<string, boolean>();
  const items = isJsonObject(body) && Array.isArray(body.items) ? body.items.filter(isJsonObject) : [];
  for (const item of items) {
    const id = idOf(item.contactID ?? item.contactId);
    if (id !== null && typeof item.hasOptedOutTracking === 'boolean') found.set(id, item.hasOptedOutTracking);
  }
  return found;
}

/** The problems of the input, at their paths: nothing is sent while there is one. */
export function trackingOptOutProblems(input: TrackingOptOutInput): UserError[] {
  const problem = contactKeyProblem(input.contactKey);
  return problem === undefined ? [] : [{ field: ['input', 'contactKey'], ...problem }];
}

export function preferencesUpdateBody(contactId: string, optOut: boolean) {
  return { items: [{ contactID: jsonId(contactId), hasOptedOutTracking: optOut }] };
}

/**
 * SFMC's answer to the write: OK when it echoes the contact with the value sent; FAIL when it
 * says so (operationStatus FAIL, hasErrors, or an error message); UNKNOWN when it is neither
 * (the caller reads the preference back then).
 */
export function toTrackingResult(
  body: unknown,
  sent: { contactKey: string; contactId: string; optOut: boolean },
  requestId: string,
): TrackingOptOutResult {
  const base = { contactKey: sent.contactKey, requestId, userErrors: [] };
  if (!isJsonObject(body)) {
    return {
      ...unknownConsentOutcome(requestId, 'SFMC answered with a body this service cannot read.'),
      ...base,
      trackingOptOut: null,
    };
  }
  const messages = resultMessages(body.resultMessages);
  const failed =
    body.operationStatus === 'FAIL' || body.hasErrors === true || messages.some((m) => m.resultClass?.toLowerCase() === 'error');
  if (failed)
    return { ...base, operationStatus: 'FAIL', verification: 'SFMC_RESPONSE', retryable: false, messages, trackingOptOut: null };
  const echoed = readPreferences(body).get(sent.contactId);
  if (echoed === sent.optOut) {
    return { ...base, operationStatus: 'OK', verification: 'SFMC_RESPONSE', retryable: false, messages, trackingOptOut: echoed };
  }
  return {
    ...unknownConsentOutcome(requestId, 'SFMC answered without the preference sent.'),
    ...base,
    trackingOptOut: null,
  };
}

/** The outcome after an UNKNOWN one was read back: OK when SFMC holds the value sent, else still UNKNOWN. */
export function readBackTracking(
  unknown: TrackingOptOutResult,
  held: boolean | undefined,
  optOut: boolean,
): TrackingOptOutResult {
  if (held !== optOut) return unknown;
  return { ...unknown, operationStatus: 'OK', verification: 'READ_BACK', retryable: false, messages: [], trackingOptOut: held };
}

/**
 * SFMC's PATCH response -> the GraphQL payload. SFMC's documentation and its live
 * service spell several keys differently (`rowsAffetcted`/`rowsAffected`,
 * `contactId`/`contactID`); both are read. A logical failure arrives as HTTP 200
 * with `operationStatus: FAIL`, so the status is decided from the body alone.
 */

import type { UserError } from '../errors.js';

/**
 * SFMC's outcome (OK, FAIL), an outcome nobody can know (UNKNOWN), an input refused before sending (INVALID),
 * or, in a batch, an update not sent because SFMC stopped taking calls (NOT_SENT).
 */
export type OperationStatus = 'OK' | 'FAIL' | 'UNKNOWN' | 'INVALID' | 'NOT_SENT';

/**
 * How an outcome is known: from SFMC's answer to the PATCH, or by reading the contact back
 * when that answer was lost (`verify-update.ts`).
 */
export type OutcomeVerification = 'SFMC_RESPONSE' | 'READ_BACK';

export interface ResultMessage {
  resultType: string | null;
  resultClass: string | null;
  resultCode: string | null;
  message: string | null;
}

export interface UpdateContactResult {
  operationStatus: OperationStatus;
  /** How the status is known; absent when it is not (UNKNOWN). */
  verification?: OutcomeVerification;
  /**
   * Whether the client may send the same update again. True only for UNKNOWN: an
   * update sets values (rows are matched by their key), so resending converges.
   */
  retryable: boolean;
  rowsAffected: number | null;
  contactKey: string | null;
  contactId: string | null;
  contactTypeId: number | null;
  isNewContactKey: boolean | null;
  hasErrors: boolean;
  messages: ResultMessage[];
  requestServiceMessageId: string | null;
  serviceMessageId: string | null;
  responseDateTime: string | null;
  requestId: string;
  /** Every problem of the input found before sending; empty unless INVALID. */
  userErrors: UserError[];
}

type Raw = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
/** The value under SFMC's documented key, else under its other spelling. */
const either = (raw: Raw, key: string, otherSpelling: string): unknown => raw[key] ?? raw[otherSpelling];

/** SFMC ids are positive; a FAIL answer carries `contactID: 0` for "no contact", which is no id. */
function idString(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v > 0 ? String(v) : null;
  return typeof v === 'string' && v !== '' && v !== '0' ? v : null;
}

/**
 * The text of a result message. Some answers carry it only as `messageFormatString` with
 * `formatStringParams` ({0}, {1}, ... placeholders); the filled-in text is kept rather than dropped.
 */
function messageText(m: Raw): string | null {
  const plain = str(m.message);
  if (plain !== null && plain !== '') return plain;
  const format = str(m.messageFormatString);
  if (format === null) return plain;
  const params = Array.isArray(m.formatStringParams) ? m.formatStringParams : [];
  return format.replace(/\{(\d+)\}/g, (whole, i: string) => {
    const param = params[Number(i)];
    return typeof param === 'string' || typeof param === 'number' || typeof param === 'boolean' ? String(param) : whole;
  });
}

export function resultMessages(v: unknown): ResultMessage[] {
  const messages: ResultMessage[] = [];
  if (!Array.isArray(v)) return messages;
  for (const m of v as unknown[]) {
    if (typeof m !== 'object' || m === null) continue;
    const raw = m as Raw;
    messages.push({
      resultType: str(raw.resultType),
      resultClass: str(raw.resultClass),
      resultCode: str(raw.resultCode),
      message: messageText(raw),
    });
  }
  return messages;
}

function statusOf(raw: Raw): OperationStatus {
  const reported = raw.operationStatus;
  if (reported === 'FAIL' || raw.hasErrors === true) return 'FAIL';
  if (reported === 'OK') return 'OK';
  // Anything else (missing, or a status SFMC never documented) cannot be read as success.
  return 'UNKNOWN';
}

/** Maps a PATCH response body (already parsed from JSON) to the payload. */
export function toUpdateResult(body: unknown, requestId: string): UpdateContactResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return unknownOutcome(requestId, 'SFMC answered with a body this service cannot read.');
  }
  const raw = body as Raw;
  const operationStatus = statusOf(raw);
  const messages = resultMessages(raw.resultMessages);
  if (operationStatus === 'UNKNOWN') {
    messages.push(unknownMessage('SFMC answered without a recognisable operationStatus.'));
  }
  const result: UpdateContactResult = {
    operationStatus,
    retryable: operationStatus === 'UNKNOWN',
    rowsAffected: num(either(raw, 'rowsAffected', 'rowsAffetcted')),
    contactKey: str(raw.contactKey),
    contactId: idString(either(raw, 'contactID', 'contactId')),
    contactTypeId: num(either(raw, 'contactTypeID', 'contactTypeId')),
    isNewContactKey: bool(raw.isNewContactKey),
    hasErrors: operationStatus !== 'OK',
    messages,
    requestServiceMessageId: str(either(raw, 'requestServiceMessageID', 'requestServiceMessageId')),
    serviceMessageId: str(either(raw, 'serviceMessageID', 'serviceMessageId')),
    responseDateTime: str(raw.responseDateTime),
    requestId,
    userErrors: [],
  };
  if (operationStatus !== 'UNKNOWN') result.verification = 'SFMC_RESPONSE';
  return result;
}

function unknownMessage(message: string): ResultMessage {
  return { resultType: 'Transport', resultClass: 'Error', resultCode: 'OUTCOME_UNKNOWN', message };
}

/**
 * The update may or may not have been applied (the connection was lost after it
 * was sent, SFMC timed out or answered 5xx). Never success, never plain failure.
 */
export function unknownOutcome(requestId: string, why: string): UpdateContactResult {
  return {
    operationStatus: 'UNKNOWN',
    retryable: true,
    rowsAffected: null,
    contactKey: null,
    contactId: null,
    contactTypeId: null,
    isNewContactKey: null,
    hasErrors: true,
    messages: [unknownMessage(`${why} The change may or may not have been applied.`)],
    requestServiceMessageId: null,
    serviceMessageId: null,
    responseDateTime: null,
    requestId,
    userErrors: [],
  };
}

/** The input was refused before anything was sent: `userErrors` say where and why. Sending it again fails again. */
export function invalidInput(requestId: string, userErrors: UserError[]): UpdateContactResult {
  return {
    operationStatus: 'INVALID',
    retryable: false,
    rowsAffected: null,
    contactKey: null,
    contactId: null,
    contactTypeId: null,
    isNewContactKey: null,
    hasErrors: true,
    messages: [],
    requestServiceMessageId: null,
    serviceMessageId: null,
    responseDateTime: null,
    requestId,
    userErrors,
  };
}

/** A service message on an update this service settled without SFMC's answer (`code`: the reason's error code). */
const serviceMessage = (code: string, message: string): ResultMessage => ({
  resultType: 'Service',
  resultClass: 'Error',
  resultCode: code,
  message,
});

/** An update with no outcome from SFMC, only this service's message about it: nothing was applied. */
function unapplied(
  requestId: string,
  operationStatus: 'FAIL' | 'NOT_SENT',
  contactKey: string | null,
  message: ResultMessage,
): UpdateContactResult {
  return {
    ...invalidInput(requestId, []),
    operationStatus,
    retryable: operationStatus === 'NOT_SENT',
    contactKey,
    messages: [message],
  };
}

/**
 * A batch's update that was not sent, or that SFMC provably did not process (`code`: why, e.g.
 * UPSTREAM_AUTH_FAILED): nothing was applied, and sending it again is safe.
 */
export function notSent(requestId: string, contactKey: string | null, code: string, why: string): UpdateContactResult {
  return unapplied(requestId, 'NOT_SENT', contactKey, serviceMessage(code, `${why} The update was not applied.`));
}

/** A batch's update SFMC refused before processing it (a 4xx): FAIL, nothing applied; sending it again is refused again. */
export function refusedUpdate(requestId: string, contactKey: string | null, code: string, why: string): UpdateContactResult {
  return unapplied(requestId, 'FAIL', contactKey, serviceMessage(code, why));
}

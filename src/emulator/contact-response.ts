import { randomUUID } from 'node:crypto';
import type { PatchOutcome } from './patch-contacts.js';
import type { Spelling } from './types.js';

/**
 * The PATCH response body. Key order follows SFMC: the documented example, typo
 * included (`rowsAffetcted`), or the live capture (reference §3.1).
 */

const pad = (n: number, width = 2): string => String(Math.trunc(Math.abs(n))).padStart(width, '0');

/** Local time with seven fraction digits and the UTC offset, as in "2021-12-28T04:50:11.8146417-06:00". */
export function responseDateTime(at: Date): string {
  const offset = -at.getTimezoneOffset();
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  const fraction = `${pad(at.getMilliseconds(), 3)}0000`;
  return `${date}T${time}.${fraction}${offset < 0 ? '-' : '+'}${pad(offset / 60)}:${pad(offset % 60)}`;
}

export function contactResponse(
  outcome: PatchOutcome,
  spelling: Spelling,
  at: Date = new Date(),
): Record<string, unknown> {
  const rows = outcome.operationStatus === 'OK' ? 1 : 0;
  const hasErrors = outcome.operationStatus !== 'OK';
  const common = { contactTypeID: 0, isNewContactKey: outcome.isNewContactKey, requestServiceMessageID: randomUUID() };
  if (spelling === 'live') {
    return {
      operationStatus: outcome.operationStatus,
      rowsAffected: rows,
      contactKey: outcome.contactKey,
      contactID: outcome.contactId,
      ...common,
      responseDateTime: responseDateTime(at),
      hasErrors,
      resultMessages: outcome.resultMessages,
      serviceMessageID: randomUUID(),
    };
  }
  return {
    operationStatus: outcome.operationStatus,
    rowsAffetcted: rows,
    contactKey: outcome.contactKey,
    contactId: outcome.contactId,
    ...common,
    hasErrors,
    resultMessages: outcome.resultMessages,
    serviceMessageID: randomUUID(),
  };
}

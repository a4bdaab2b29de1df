import { randomUUID } from 'node:crypto';
import { responseDateTime } from './local-time.js';
import type { PatchOutcome } from './patch-contacts.js';
import type { Spelling } from './types.js';

/**
 * The PATCH response body. Key order follows SFMC: its documented example, typo
 * included (`rowsAffetcted`), or what the live service sends.
 */

export function contactResponse(outcome: PatchOutcome, spelling: Spelling, at: Date = new Date()): Record<string, unknown> {
  const rows = outcome.operationStatus === 'OK' && outcome.changed ? 1 : 0;
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

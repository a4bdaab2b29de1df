import type { UserError } from '../errors.js';
import type { OperationStatus, OutcomeVerification, ResultMessage } from './update-result.js';

/**
 * What a consent mutation (`setTrackingOptOut`, `requestSmsOptIn`) answers besides its own
 * fields: the same outcome vocabulary as `updateContact`, so a frontend handles them alike.
 */
export interface ConsentOutcome {
  operationStatus: OperationStatus;
  /** How the status is known; absent when it is not (UNKNOWN) or nothing was sent (INVALID). */
  verification?: OutcomeVerification;
  /** Whether sending the same input again is safe: true only for UNKNOWN. */
  retryable: boolean;
  messages: ResultMessage[];
  userErrors: UserError[];
  requestId: string;
}

/** SFMC's answer (or its loss) left the outcome unknown: this service's note says so. */
export function unknownConsentOutcome(requestId: string, why: string): ConsentOutcome {
  return {
    operationStatus: 'UNKNOWN',
    retryable: true,
    messages: [
      {
        resultType: 'Transport',
        resultClass: 'Error',
        resultCode: 'OUTCOME_UNKNOWN',
        message: `${why} It may or may not have been applied.`,
      },
    ],
    userErrors: [],
    requestId,
  };
}

/** The input was refused before anything was sent. */
export function invalidConsentInput(requestId: string, userErrors: UserError[]): ConsentOutcome {
  return { operationStatus: 'INVALID', retryable: false, messages: [], userErrors, requestId };
}

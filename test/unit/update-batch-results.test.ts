import { describe, expect, it } from 'vitest';
import { isFinal } from '../../src/sfmc/update-batch.js';
import { invalidInput, notSent, refusedUpdate, unknownOutcome } from '../../src/translate/update-result.js';

describe("a batch's results without an answer from SFMC", () => {
  it('NOT_SENT: nothing applied, retryable, with the reason as its code', () => {
    const result = notSent('request-1', 'a@example.com', 'UPSTREAM_AUTH_FAILED', 'SFMC refused the credentials.');
    expect(result).toMatchObject({
      operationStatus: 'NOT_SENT',
      retryable: true,
      hasErrors: true,
      contactKey: 'a@example.com',
      userErrors: [],
      requestId: 'request-1',
    });
    expect(result.verification).toBeUndefined();
    expect(result.messages).toEqual([
      {
        resultType: 'Service',
        resultClass: 'Error',
        resultCode: 'UPSTREAM_AUTH_FAILED',
        message: 'SFMC refused the credentials. The update was not applied.',
      },
    ]);
  });

  it('a refusal before processing is a FAIL that is not retryable', () => {
    const result = refusedUpdate('request-1', null, 'UPSTREAM_REJECTED', 'SFMC refused the request.');
    expect(result).toMatchObject({ operationStatus: 'FAIL', retryable: false, contactKey: null });
    expect(result.messages.map((m) => m.resultCode)).toEqual(['UPSTREAM_REJECTED']);
  });

  it('only OK, FAIL and INVALID are final: a resend under the same key sends UNKNOWN and NOT_SENT items again', () => {
    const fail = refusedUpdate('r', null, 'UPSTREAM_REJECTED', 'Refused.');
    expect(isFinal({ ...fail, operationStatus: 'OK' })).toBe(true);
    expect(isFinal(fail)).toBe(true);
    expect(isFinal(invalidInput('r', []))).toBe(true);
    expect(isFinal(unknownOutcome('r', 'Lost.'))).toBe(false);
    expect(isFinal(notSent('r', null, 'UPSTREAM_UNAVAILABLE', 'Paused.'))).toBe(false);
  });
});

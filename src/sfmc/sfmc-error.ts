import type { ErrorCode } from '../errors.js';

/**
 * How a call to SFMC went wrong, as the layer above needs to know it: a service
 * error code when SFMC provably did not process the request, or OUTCOME_UNKNOWN
 * when it may have. Messages are safe to show: no URLs, bodies, tokens or secrets.
 */
export type SfmcFailure = Exclude<ErrorCode, 'BAD_USER_INPUT'> | 'OUTCOME_UNKNOWN';

export class SfmcError extends Error {
  constructor(
    readonly failure: SfmcFailure,
    message: string,
    readonly details: { status?: number; sfmcErrorCode?: number; retryAfter?: number } = {},
  ) {
    super(message);
    this.name = 'SfmcError';
  }
}

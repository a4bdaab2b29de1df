import type { ErrorCode } from '../errors.js';

/**
 * The service error codes an SFMC call can end with: each is one SFMC provably did
 * not process the request under. Listed against ErrorCode so a code cannot drift
 * from what the service answers.
 */
export const UPSTREAM_CODES = [
  'UPSTREAM_AUTH_FAILED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_RATE_LIMITED',
  'UPSTREAM_REJECTED',
  'UPSTREAM_BUSY',
] as const satisfies readonly ErrorCode[];

export type UpstreamCode = (typeof UPSTREAM_CODES)[number];

/**
 * How a call to SFMC went wrong, as the layer above needs to know it: an upstream
 * code when SFMC provably did not process the request, or OUTCOME_UNKNOWN when it
 * may have (only a write ends so: a read's unknown outcome is unavailability).
 * Messages are safe to show: no URLs, bodies, tokens or secrets.
 */
export type SfmcFailure = UpstreamCode | 'OUTCOME_UNKNOWN';

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

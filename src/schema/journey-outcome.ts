import type { UserError } from '../errors.js';
import { SfmcError } from '../sfmc/sfmc-error.js';
import { contactKeyProblems } from '../translate/journey-entry.js';
import { entryOutcome } from '../translate/journey-result.js';
import type { RequestContext } from './builder.js';
import { upstreamError } from './upstream-error.js';

/** What enterJourney and enterJourneys share: who may be entered, and what an SFMC failure means. */

/** The caller's refusals for entering `contactKey` (someone else's, for a self-service caller), at `field`. */
export function refusals(ctx: RequestContext, contactKey: string, field: string[]): UserError[] {
  return [
    ...contactKeyProblems(contactKey, field),
    ...ctx.auth.authorizeUpdate(ctx.caller, { body: { contactKey, attributeSets: [] }, pathOf: () => field }),
  ];
}

/** An SFMC failure of an entry: SFMC's 400 is a FAIL with its message, a lost answer UNKNOWN; anything else a GraphQL error. */
export function failedEntry(error: unknown, requestId: string) {
  if (!(error instanceof SfmcError)) throw error;
  if (error.failure === 'OUTCOME_UNKNOWN') return entryOutcome.unknown();
  if (error.failure === 'UPSTREAM_REJECTED' && error.details.status === 400) {
    return entryOutcome.refused(error.message, error.details.sfmcErrorCode);
  }
  throw upstreamError(error, requestId);
}

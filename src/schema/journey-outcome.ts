import type { UserError } from '../errors.js';
import { SfmcError } from '../sfmc/sfmc-error.js';
import { contactKeyProblems } from '../translate/journey-entry.js';
import { entryOutcome } from '../translate/journey-result.js';
import type { ResultMessage } from '../translate/update-result.js';
import type { RequestContext, SchemaTypes } from './builder.js';
import type { registerUpdateContact } from './update-contact.js';
import type { registerUserError } from './user-error.js';
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

type FieldBuilder<T> = PothosSchemaTypes.ObjectFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>, T>;

interface EntryReport {
  messages: ResultMessage[];
  userErrors: UserError[];
  requestId: string;
}

/** The fields both entry payloads end with: SFMC's messages, the input's problems and the request id. */
export function entryReportFields<T extends EntryReport>(
  t: FieldBuilder<T>,
  refs: {
    ResultMessage: ReturnType<typeof registerUpdateContact>['ResultMessage'];
    UserError: ReturnType<typeof registerUserError>;
  },
) {
  return {
    messages: t.field({
      type: [refs.ResultMessage],
      resolve: (r) => r.messages,
      description: "SFMC's reason for a FAIL, or this service's note.",
    }),
    userErrors: t.field({
      type: [refs.UserError],
      resolve: (r) => r.userErrors,
      description: 'Every problem of the input; empty unless INVALID.',
    }),
    requestId: t.string({ resolve: (r) => r.requestId, description: "This service's id for the request." }),
  };
}

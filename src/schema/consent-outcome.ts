import { SfmcError } from '../sfmc/sfmc-error.js';
import type { ConsentOutcome } from '../translate/consent-result.js';
import type { RequestContext, SchemaTypes } from './builder.js';
import type { registerUpdateContact } from './update-contact.js';
import type { registerUserError } from './user-error.js';
import { upstreamError } from './upstream-error.js';

/** The outcome vocabulary `updateContact` defines (OperationStatus, OutcomeVerification, ResultMessage) and UserError. */
export type OutcomeRefs = ReturnType<typeof registerUpdateContact> & { UserError: ReturnType<typeof registerUserError> };

type FieldBuilder<T> = PothosSchemaTypes.ObjectFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>, T>;

/**
 * The fields every consent payload shares with UpdateContactPayload, so a frontend handles a toggle's
 * outcome as it handles a profile edit's.
 */
export function consentOutcomeFields<T extends ConsentOutcome>(t: FieldBuilder<T>, refs: OutcomeRefs) {
  return {
    operationStatus: t.field({
      type: refs.OperationStatus,
      resolve: (r) => r.operationStatus,
      description: 'OK, FAIL, UNKNOWN or INVALID. OK only when SFMC said so, or the value was read back (see verification).',
    }),
    verification: t.field({
      type: refs.OutcomeVerification,
      nullable: true,
      resolve: (r) => r.verification ?? null,
      description: 'How operationStatus is known; null when it is not (UNKNOWN) or nothing was sent (INVALID).',
    }),
    userErrors: t.field({
      type: [refs.UserError],
      resolve: (r) => r.userErrors,
      description: 'Every problem of the input found before sending, each at its field; empty unless INVALID.',
    }),
    retryable: t.boolean({
      resolve: (r) => r.retryable,
      description: 'Whether sending the same input again is safe (true for UNKNOWN outcomes).',
    }),
    messages: t.field({
      type: [refs.ResultMessage],
      resolve: (r) => r.messages,
      description: "SFMC's result messages (why a FAIL failed), or this service's note on an UNKNOWN outcome.",
    }),
    requestId: t.string({
      resolve: (r) => r.requestId,
      description: "This service's id for the request; also in its log line and the x-request-id header.",
    }),
  };
}

/** Logs the outcome and returns the payload. */
export function logged<T extends ConsentOutcome>(ctx: RequestContext, result: T): T {
  ctx.log.outcome = result.operationStatus;
  return result;
}

/** A consent write's SFMC work: a refusal SFMC provably did not process is a GraphQL error with its code, logged as such. */
export async function sentToSfmc<T>(ctx: RequestContext, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof SfmcError)) throw error;
    ctx.log.outcome = error.failure;
    throw upstreamError(error, ctx.requestId);
  }
}

import type { UserError } from '../errors.js';
import { describeEndpoint } from '../sfmc/endpoints.js';
import { SfmcError } from '../sfmc/sfmc-error.js';
import type { OperationRequestResult } from '../sfmc/contact-operations-source.js';
import { checkOperationKeys, MAX_OPERATION_KEYS, type ContactOperationKind } from '../translate/contact-operation.js';
import type { OperationStatus, ResultMessage } from '../translate/update-result.js';
import type { Builder, RequestContext } from './builder.js';
import type { ContactOperationRef } from './contact-operation-id.js';
import type { NodeRef } from './node.js';
import { readContactOperation, type ContactOperationValue } from './read-contact-operation.js';
import { fromSfmc, upstreamError } from './upstream-error.js';
import type { registerUpdateContact } from './update-contact.js';
import type { registerUserError } from './user-error.js';

type UserErrorRef = ReturnType<typeof registerUserError>;
type UpdateTypes = ReturnType<typeof registerUpdateContact>;

interface ContactOperationPayloadValue {
  operationStatus: OperationStatus;
  operation: ContactOperationValue | null;
  userErrors: UserError[];
  messages: ResultMessage[];
  requestServiceMessageId: string | null;
  requestId: string;
}

const sfmcMessage = (message: string): ResultMessage => ({
  resultType: null,
  resultClass: 'Error',
  resultCode: null,
  message,
});

/** What an operator does with an UNKNOWN request: check, never resend blindly (a second request queues a second operation). */
function unknownNote(kind: ContactOperationKind, why: string, requestId: string): ResultMessage {
  const what = kind === 'DELETE' ? 'deletion' : 'restriction';
  const route = describeEndpoint(kind === 'DELETE' ? 'deleteOperationStatus' : 'restrictOperationStatus');
  const message =
    `SFMC's answer to the ${what} request was lost (${why.replace(/\.$/, '')}): it may or may not have been queued. ` +
    `It was not sent again, since a second request would queue a second operation. Before asking again, an operator ` +
    `checks SFMC's ${what} operations (Contact Builder's contact ${what} list, or ${route}?operationID= for the ids ` +
    `issued around this time), quoting request id ${requestId}.`;
  // As an update's unknown outcome is noted (update-result.ts).
  return { resultType: 'Transport', resultClass: 'Error', resultCode: 'OUTCOME_UNKNOWN', message };
}

function payloadOf(
  kind: ContactOperationKind,
  result: OperationRequestResult,
  operation: Omit<ContactOperationRef, 'operationId'>,
  requestId: string,
): ContactOperationPayloadValue {
  const base = { userErrors: [], requestId };
  if (result.outcome === 'OK') {
    const value = { operation: { ...operation, operationId: result.operationId } };
    const { requestServiceMessageId } = result;
    return { ...base, operationStatus: 'OK', operation: value, messages: [], requestServiceMessageId };
  }
  if (result.outcome === 'FAIL') {
    const messages = result.messages.map(sfmcMessage);
    return {
      ...base,
      operationStatus: 'FAIL',
      operation: null,
      messages,
      requestServiceMessageId: result.requestServiceMessageId,
    };
  }
  const messages = [unknownNote(kind, result.why, requestId)];
  return { ...base, operationStatus: 'UNKNOWN', operation: null, messages, requestServiceMessageId: null };
}

/**
 * Deletion and restriction of contacts as tracked operations: `requestContactDeletion`,
 * `restrictContactProcessing`, the `ContactOperation` node and `Query.contactOperation(id)`.
 */
export function registerContactOperations(builder: Builder, Node: NodeRef, UserError: UserErrorRef, update: UpdateTypes) {
  const Kind = builder.enumType('ContactOperationKind', {
    description: 'What a ContactOperation does.',
    values: {
      DELETE: { description: 'Deletes the contacts: suppressed first (restorable for restorableDays), then deleted everywhere.' },
      RESTRICT: { description: 'Restricts the processing of the contacts: kept, but not processed (GDPR art. 18).' },
    } as const,
  });

  const Status = builder.enumType('ContactOperationStatus', {
    description:
      "Where an operation is, from SFMC's two phases (suppression, then deletion) as one status. SFMC processes one " +
      'operation at a time; one can take hours.',
    values: {
      QUEUED: { description: 'Waiting: SFMC has not suppressed the contacts yet (phase 1 pending).' },
      SUPPRESSED: {
        description: 'The contacts are suppressed and can still be restored (restorableDays); deletion has not started.',
      },
      DELETING: {
        description: 'SFMC is deleting the contacts from every channel, list and journey (also an undocumented SFMC value).',
      },
      DELETED: { description: 'The contacts are deleted. This cannot be undone.' },
      ABORTED: { description: 'The deletion was stopped and the contacts restored.' },
      INVALID: { description: 'SFMC declared the operation invalid; nothing more will happen to it.' },
      RESTRICTED: { description: 'A restriction in effect: SFMC no longer processes the contacts.' },
    } as const,
  });

  const ContactOperation = builder.objectRef<ContactOperationValue>('ContactOperation').implement({
    description:
      'A deletion or restriction of contacts queued in SFMC, tracked by its id (Query.contactOperation or Query.node). ' +
      "The status is read from SFMC's status route when asked.",
    interfaces: [Node],
    fields: (t) => ({
      kind: t.field({ type: Kind, resolve: (v) => v.operation.kind, description: 'Deletion or restriction.' }),
      status: t.field({
        type: Status,
        nullable: true,
        description:
          "Where the operation is, read from SFMC now; null (with an error) when SFMC's status route could not be read.",
        resolve: async (v, _args, ctx) => (await operationState(ctx, v))?.status ?? null,
      }),
      restorableDays: t.int({
        nullable: true,
        description:
          'Days a deleted contact stays restorable after suppression, as SFMC reports it for the tenant; null when it does not.',
        resolve: async (v, _args, ctx) => (await operationState(ctx, v))?.restorableDays ?? null,
      }),
      requestedAt: t.string({
        description: 'When this service sent the request to SFMC (ISO 8601, UTC).',
        resolve: (v) => new Date(v.operation.requestedAt).toISOString(),
      }),
    }),
  });

  const operationState = (ctx: RequestContext, v: ContactOperationValue) =>
    fromSfmc(ctx.requestId, ctx.contactOperations.state(v.operation.kind, v.operation.operationId));

  const Input = builder.inputType('ContactOperationInput', {
    description: 'Whose contacts a deletion or restriction names.',
    fields: (t) => ({
      contactKeys: t.stringList({
        required: false,
        description:
          `The contact keys (at most ${MAX_OPERATION_KEYS}). Admins must give them; a self-service caller leaves it out ` +
          '(or gives their own key alone): their own contact.',
      }),
    }),
  });

  const Payload = builder.objectRef<ContactOperationPayloadValue>('ContactOperationPayload').implement({
    description: 'The result of a deletion or restriction request.',
    fields: (t) => ({
      operationStatus: t.field({
        type: update.OperationStatus,
        resolve: (p) => p.operationStatus,
        description:
          'OK: SFMC queued the operation (see operation). FAIL: SFMC refused it (messages). INVALID: refused before ' +
          'sending (userErrors). UNKNOWN: SFMC may or may not have queued it; it is never sent again by itself (messages ' +
          'say how an operator checks).',
      }),
      operation: t.field({
        type: ContactOperation,
        nullable: true,
        resolve: (p) => p.operation,
        description: 'The queued operation, to follow with contactOperation(id); null unless OK.',
      }),
      userErrors: t.field({
        type: [UserError],
        resolve: (p) => p.userErrors,
        description: 'Every problem of the input found before sending; empty unless INVALID.',
      }),
      messages: t.field({
        type: [update.ResultMessage],
        resolve: (p) => p.messages,
        description: "SFMC's reasons for a FAIL, or this service's note on an UNKNOWN outcome.",
      }),
      retryable: t.boolean({
        resolve: () => false,
        description: 'Always false: a resend would queue a second operation. After UNKNOWN, check first (see messages).',
      }),
      requestServiceMessageId: t.exposeString('requestServiceMessageId', {
        nullable: true,
        description: "SFMC's id of the request (quote it to Salesforce support).",
      }),
      requestId: t.exposeString('requestId', {
        description: "This service's id for the request; also in its log line and the x-request-id header.",
      }),
    }),
  });

  const resolveRequest =
    (kind: ContactOperationKind) =>
    async (_root: unknown, args: { input: { contactKeys?: string[] | null | undefined } }, ctx: RequestContext) => {
      const target = ctx.auth.operationTarget(ctx.caller, kind, args.input.contactKeys);
      const userErrors = target.userErrors.length > 0 ? target.userErrors : checkOperationKeys(target.contactKeys);
      if (userErrors.length > 0) {
        ctx.log.outcome = 'INVALID';
        const invalid: ContactOperationPayloadValue = {
          operationStatus: 'INVALID',
          operation: null,
          userErrors,
          messages: [],
          requestServiceMessageId: null,
          requestId: ctx.requestId,
        };
        return invalid;
      }
      const requestedAt = Date.now();
      try {
        const result = await ctx.contactOperations.request(kind, target.contactKeys);
        ctx.log.outcome = result.outcome;
        return payloadOf(kind, result, { kind, requestedAt, owner: target.owner }, ctx.requestId);
      } catch (error) {
        if (!(error instanceof SfmcError)) throw error;
        ctx.log.outcome = error.failure;
        throw upstreamError(error, ctx.requestId);
      }
    };

  builder.mutationField('requestContactDeletion', (t) =>
    t.field({
      type: Payload,
      description:
        `Asks SFMC to delete contacts with their attributes (\`${describeEndpoint('deleteContacts')}\`, ` +
        '`DeleteOperationType: ContactAndAttributes`). SFMC queues it: the contacts are suppressed, restorable for ' +
        'restorableDays, then deleted for good. Admins name up to 100 keys; a self-service caller only their own ' +
        'contact, and only where AUTH_SELF_SERVICE_DELETION is on. Follow the returned operation with contactOperation(id).',
      args: { input: t.arg({ type: Input, required: true, description: 'Whose contacts.' }) },
      resolve: resolveRequest('DELETE'),
    }),
  );

  builder.mutationField('restrictContactProcessing', (t) =>
    t.field({
      type: Payload,
      description:
        `Asks SFMC to restrict the processing of contacts (\`${describeEndpoint('restrictContacts')}\`): kept, but ` +
        'no longer processed. Admins name up to 100 keys; a self-service caller only their own contact.',
      args: { input: t.arg({ type: Input, required: true, description: 'Whose contacts.' }) },
      resolve: resolveRequest('RESTRICT'),
    }),
  );

  builder.queryField('contactOperation', (t) =>
    t.field({
      type: ContactOperation,
      nullable: true,
      description:
        'A deletion or restriction operation by its id, with its status read from SFMC now; null when SFMC has no such ' +
        'operation. Admins read any; a self-service caller only the ones they requested (others: FORBIDDEN). An id ' +
        'this service did not make is refused with INVALID_ID.',
      args: { id: t.arg.id({ required: true, description: 'ContactOperation.id, as a payload returned it.' }) },
      resolve: (_root, { id }, ctx) => readContactOperation(ctx, String(id)),
    }),
  );
}

import { describeEndpoint } from '../sfmc/endpoints.js';
import type { ResultMessage } from '../translate/update-result.js';
import type { Builder, SchemaTypes } from './builder.js';
import type { registerContact } from './contact.js';
import { readContact } from './read-contact.js';
import type { registerContactInput } from './contact-input.js';
import { resolveContactWrite, type ContactWritePayloadValue } from './contact-write.js';
import type { registerUserError } from './user-error.js';

type ContactRef = ReturnType<typeof registerContact>;
type UpdateContactInputRef = ReturnType<typeof registerContactInput>;
type UserErrorRef = ReturnType<typeof registerUserError>;

type UpdateContactPayloadValue = ContactWritePayloadValue;

type PayloadFieldBuilder = PothosSchemaTypes.ObjectFieldBuilder<
  PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>,
  UpdateContactPayloadValue
>;

/** `updateContact` and its payload: one contact's update, sent to SFMC through the request's ContactsSource. */
export function registerUpdateContact(
  builder: Builder,
  UpdateContactInputRef: UpdateContactInputRef,
  Contact: ContactRef,
  UserError: UserErrorRef,
) {
  const OperationStatus = builder.enumType('OperationStatus', {
    description: "How the update ended. A frontend should keep the person's edits unless it is OK.",
    values: {
      OK: { description: 'SFMC applied the update.' },
      FAIL: { description: 'SFMC refused the update; messages say why. Nothing was applied.' },
      UNKNOWN: {
        description:
          'The outcome cannot be known (e.g. the connection was lost after the update was sent). ' +
          'It may or may not have been applied; see retryable.',
      },
      INVALID: {
        description:
          'The input was refused before anything was sent to SFMC; userErrors say where and why. ' +
          'Nothing was applied, and sending the same input again is refused again.',
      },
      NOT_SENT: {
        description:
          "updateContacts only: the update was not sent (SFMC refused this service's credentials, or calls to it are " +
          'paused after repeated faults) or SFMC provably did not process it. Nothing was applied; retryable: send it again later.',
      },
    } as const,
  });

  const OutcomeVerification = builder.enumType('OutcomeVerification', {
    description: 'How the operationStatus of an update is known.',
    values: {
      SFMC_RESPONSE: { description: "From SFMC's answer to the update." },
      READ_BACK: {
        description:
          "SFMC's answer was lost (or this is a resend after an UNKNOWN outcome): the contact was read back and " +
          'holds every value sent.',
      },
    } as const,
  });

  const ResultMessageRef = builder.objectRef<ResultMessage>('ResultMessage').implement({
    description: 'One result message from SFMC (or, for UNKNOWN outcomes, from this service).',
    fields: (t) => ({
      resultType: t.exposeString('resultType', { nullable: true, description: 'Kind of message, e.g. "Validation".' }),
      resultClass: t.exposeString('resultClass', { nullable: true, description: 'Severity, e.g. "Error".' }),
      resultCode: t.exposeString('resultCode', { nullable: true, description: 'Machine-readable code.' }),
      message: t.exposeString('message', { nullable: true, description: 'Human-readable text.' }),
    }),
  });

  // Also CreateContactPayload's (create-contact.ts): a create answers as an update does.
  const payloadFields = (t: PayloadFieldBuilder) => ({
    clientMutationId: t.exposeString('clientMutationId', {
      nullable: true,
      description: "The input's clientMutationId, as sent (null when none was); also when the input was refused.",
    }),
    operationStatus: t.field({
      type: OperationStatus,
      resolve: (r) => r.operationStatus,
      description:
        'OK, FAIL, UNKNOWN or INVALID. Never OK unless SFMC said OK without errors, or the contact read back holds ' +
        'every value sent (see verification).',
    }),
    verification: t.field({
      type: OutcomeVerification,
      nullable: true,
      resolve: (r) => r.verification ?? null,
      description:
        'How operationStatus is known: SFMC_RESPONSE or READ_BACK; null when it is not known (UNKNOWN) or nothing was sent (INVALID).',
    }),
    userErrors: t.field({
      type: [UserError],
      resolve: (r) => r.userErrors,
      description: 'Every problem of the input found before sending (at most 100), each at its field; empty unless INVALID.',
    }),
    retryable: t.exposeBoolean('retryable', {
      description: 'Whether sending the same update again is safe (true for UNKNOWN outcomes).',
    }),
    rowsAffected: t.exposeInt('rowsAffected', { nullable: true, description: 'Rows SFMC reports as affected.' }),
    contactKey: t.exposeString('contactKey', { nullable: true, description: 'The contact key SFMC updated.' }),
    contactId: t.exposeID('contactId', { nullable: true, description: "SFMC's numeric id of the contact." }),
    contactTypeId: t.exposeInt('contactTypeId', { nullable: true, description: "SFMC's contact type id." }),
    isNewContactKey: t.exposeBoolean('isNewContactKey', {
      nullable: true,
      description: 'Whether SFMC created the contact for this key.',
    }),
    hasErrors: t.exposeBoolean('hasErrors', { description: 'Whether the update did not fully succeed.' }),
    messages: t.field({
      type: [ResultMessageRef],
      resolve: (r) => r.messages,
      description: "SFMC's result messages (why a FAIL failed), or this service's note on an UNKNOWN outcome.",
    }),
    requestServiceMessageId: t.exposeString('requestServiceMessageId', {
      nullable: true,
      description: "SFMC's id of the request (quote it to Salesforce support).",
    }),
    serviceMessageId: t.exposeString('serviceMessageId', { nullable: true, description: "SFMC's id of the response." }),
    responseDateTime: t.exposeString('responseDateTime', {
      nullable: true,
      description: 'When SFMC answered, as SFMC reports it (live responses only).',
    }),
    requestId: t.exposeString('requestId', {
      description: "This service's id for the request; also in its log line and the x-request-id header.",
    }),
    contact: t.field({
      type: Contact,
      nullable: true,
      description:
        'The contact as SFMC holds it after the update (read again, in one batched call), with its id: client ' +
        'caches update every view of it from this, and a gateway joins fields from other subgraphs. Null when the ' +
        'contact key is unknown (INVALID, UNKNOWN) or SFMC has no such contact.',
      resolve: (r, _args, ctx, info) => (r.contactKey === null ? null : readContact(ctx, r.contactKey, info)),
    }),
  });

  const UpdateContactPayload = builder.objectRef<UpdateContactPayloadValue>('UpdateContactPayload').implement({
    description: "The result of updateContact, mapped from SFMC's response.",
    fields: payloadFields,
  });

  builder.mutationField('updateContact', (t) =>
    t.field({
      type: UpdateContactPayload,
      description:
        `Updates one contact's attribute groups in SFMC (\`${describeEndpoint('updateContact')}\`). SFMC's logical failures ` +
        'come back as operationStatus FAIL with messages; an input refused before sending comes back as INVALID ' +
        'with every problem in userErrors.',
      args: { input: t.arg({ type: UpdateContactInputRef, required: true, description: 'The contact and what to change.' }) },
      resolve: (_root, args, ctx) => resolveContactWrite(ctx, args.input, 'update'),
    }),
  );
  // createContact reuses the payload's fields; updateContacts answers with the same enums and messages.
  return { payloadFields, OperationStatus, OutcomeVerification, ResultMessage: ResultMessageRef };
}

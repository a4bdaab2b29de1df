import type { Catalog } from '../catalog/index.js';
import { InputError, serviceError, upstreamError } from '../errors.js';
import { SfmcError } from '../sfmc/sfmc-error.js';
import {
  buildPatchBody,
  type PatchAttributeSet,
  type PatchBody,
  type PatchItem,
  type PatchValue,
  type UpdateContactInput,
} from '../translate/patch-body.js';
import {
  toUpdateResult,
  unknownOutcome,
  type ResultMessage,
  type UpdateContactResult,
} from '../translate/update-result.js';
import type { Builder } from './builder.js';
import type { registerContact } from './contact.js';
import { registerContactInput } from './contact-input.js';

type ContactRef = ReturnType<typeof registerContact>;

const PATCH_PATH = '/contacts/v1/contacts';

/** The pure translation, with its refusals turned into `BAD_USER_INPUT`. */
function patchBodyOf(catalog: Catalog, input: UpdateContactInput): PatchBody {
  try {
    return buildPatchBody(catalog, input);
  } catch (error) {
    if (error instanceof InputError) {
      throw serviceError('BAD_USER_INPUT', error.message, { field: error.path });
    }
    throw error;
  }
}

export function registerUpdateContact(builder: Builder, catalog: Catalog, Contact: ContactRef) {
  const UpdateContactInputRef = registerContactInput(builder, catalog);

  const OperationStatus = builder.enumType('OperationStatus', {
    description: 'How the update ended. A frontend should keep the person\'s edits unless it is OK.',
    values: {
      OK: { description: 'SFMC applied the update.' },
      FAIL: { description: 'SFMC refused the update; messages say why. Nothing was applied.' },
      UNKNOWN: {
        description:
          'The outcome cannot be known (e.g. the connection was lost after the update was sent). ' +
          'It may or may not have been applied; see retryable.',
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

  const UpdateContactPayload = builder.objectRef<UpdateContactResult>('UpdateContactPayload').implement({
    description: 'The result of updateContact, mapped from SFMC\'s response.',
    fields: (t) => ({
      operationStatus: t.field({
        type: OperationStatus,
        resolve: (r) => r.operationStatus,
        description: 'OK, FAIL or UNKNOWN. Never OK unless SFMC said OK without errors.',
      }),
      retryable: t.exposeBoolean('retryable', {
        description: 'Whether sending the same update again is safe (true for UNKNOWN outcomes).',
      }),
      rowsAffected: t.exposeInt('rowsAffected', { nullable: true, description: 'Rows SFMC reports as affected.' }),
      contactKey: t.exposeString('contactKey', { nullable: true, description: 'The contact key SFMC updated.' }),
      contactId: t.exposeID('contactId', { nullable: true, description: 'SFMC\'s numeric id of the contact.' }),
      contactTypeId: t.exposeInt('contactTypeId', { nullable: true, description: 'SFMC\'s contact type id.' }),
      isNewContactKey: t.exposeBoolean('isNewContactKey', {
        nullable: true,
        description: 'Whether SFMC created the contact for this key.',
      }),
      hasErrors: t.exposeBoolean('hasErrors', { description: 'Whether the update did not fully succeed.' }),
      messages: t.field({
        type: [ResultMessageRef],
        resolve: (r) => r.messages,
        description: 'SFMC\'s result messages (why a FAIL failed), or this service\'s note on an UNKNOWN outcome.',
      }),
      requestServiceMessageId: t.exposeString('requestServiceMessageId', {
        nullable: true,
        description: 'SFMC\'s id of the request (quote it to Salesforce support).',
      }),
      serviceMessageId: t.exposeString('serviceMessageId', { nullable: true, description: 'SFMC\'s id of the response.' }),
      responseDateTime: t.exposeString('responseDateTime', {
        nullable: true,
        description: 'When SFMC answered, as SFMC reports it (live responses only).',
      }),
      requestId: t.exposeString('requestId', {
        description: 'This service\'s id for the request; also in its log line and the x-request-id header.',
      }),
      contact: t.field({
        type: Contact,
        nullable: true,
        description:
          'The contact as SFMC holds it after the update (read again, in one batched call), for a gateway to ' +
          'join fields from other subgraphs. Null when the contact key is unknown or SFMC has no such contact.',
        resolve: (r, _args, ctx) => {
          if (r.contactKey === null) return null;
          ctx.auth.authorizeRead(ctx.caller, r.contactKey);
          return ctx.loaders.contactByKey.load(r.contactKey);
        },
      }),
    }),
  });

  const PatchValueRef = builder.objectRef<PatchValue>('SfmcPatchValue').implement({
    description: 'One `{ name, value }` entry of a PATCH row.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'SFMC attribute name.' }),
      value: t.field({
        type: 'AttributeValue',
        nullable: true,
        resolve: (v) => v.value,
        description: 'The value, in the JSON type that will be sent; null clears the attribute.',
      }),
    }),
  });
  const PatchItemRef = builder.objectRef<PatchItem>('SfmcPatchItem').implement({
    description: 'One row of an attribute set in the PATCH body.',
    fields: (t) => ({
      values: t.field({ type: [PatchValueRef], resolve: (i) => i.values, description: 'The row\'s values.' }),
    }),
  });
  const PatchSetRef = builder.objectRef<PatchAttributeSet>('SfmcPatchAttributeSet').implement({
    description: 'One attribute set in the PATCH body.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'SFMC attribute group name.' }),
      items: t.field({ type: [PatchItemRef], resolve: (s) => s.items, description: 'The rows.' }),
    }),
  });
  const PatchBodyRef = builder.objectRef<PatchBody>('SfmcPatchBody').implement({
    description: 'The body of `PATCH /contacts/v1/contacts`, as it would be sent.',
    fields: (t) => ({
      contactKey: t.exposeString('contactKey', { nullable: true, description: 'contactKey as sent.' }),
      contactId: t.field({
        type: 'ID',
        nullable: true,
        resolve: (b) => b.contactId,
        description: 'contactId as sent (a JSON number when it fits).',
      }),
      attributeSets: t.field({
        type: [PatchSetRef],
        resolve: (b) => b.attributeSets,
        description: 'The attribute sets.',
      }),
    }),
  });
  const Preview = builder.objectRef<PatchBody>('UpdateContactPreview').implement({
    description: 'The SFMC request updateContact would send for an input. Nothing is sent.',
    fields: (t) => ({
      method: t.string({ resolve: () => 'PATCH', description: 'The HTTP method.' }),
      path: t.string({ resolve: () => PATCH_PATH, description: 'The path under the tenant\'s REST base URL.' }),
      body: t.field({ type: PatchBodyRef, resolve: (b) => b, description: 'The body, typed.' }),
      json: t.string({ resolve: (b) => JSON.stringify(b, null, 2), description: 'The body, exactly as JSON text.' }),
    }),
  });

  builder.queryField('updateContactPreview', (t) =>
    t.field({
      type: Preview,
      description:
        'Shows the exact PATCH body updateContact would send for this input, after the same validation, ' +
        'without sending anything to SFMC.',
      args: { input: t.arg({ type: UpdateContactInputRef, required: true, description: 'The update to preview.' }) },
      resolve: (_root, args, ctx) => {
        const body = patchBodyOf(ctx.catalog, args.input);
        ctx.auth.authorizeUpdate(ctx.caller, body);
        return body;
      },
    }),
  );

  builder.mutationField('updateContact', (t) =>
    t.field({
      type: UpdateContactPayload,
      description:
        'Updates one contact\'s attribute groups in SFMC (`PATCH /contacts/v1/contacts`). SFMC\'s logical failures ' +
        'come back as operationStatus FAIL with messages; invalid input is refused with BAD_USER_INPUT before sending.',
      args: { input: t.arg({ type: UpdateContactInputRef, required: true, description: 'The contact and what to change.' }) },
      resolve: async (_root, args, ctx) => {
        const body = patchBodyOf(ctx.catalog, args.input);
        ctx.auth.authorizeUpdate(ctx.caller, body);
        let result: UpdateContactResult;
        try {
          const response = await ctx.sfmc.updateContact(body, { signal: ctx.signal, trace: ctx.log.upstream });
          result = toUpdateResult(response, ctx.requestId);
        } catch (error) {
          if (!(error instanceof SfmcError)) throw error;
          if (error.failure !== 'OUTCOME_UNKNOWN') {
            ctx.log.outcome = error.failure;
            throw upstreamError(error, ctx.requestId);
          }
          result = unknownOutcome(ctx.requestId, error.message);
        }
        ctx.log.outcome = result.operationStatus;
        // A read of this contact earlier in the operation is stale now.
        if (result.contactKey !== null) ctx.loaders.forgetContact(result.contactKey);
        return result;
      },
    }),
  );
}

import type { ContactWrite } from '../auth/index.js';
import { SfmcError } from '../sfmc/sfmc-error.js';
import type { PreparedUpdate } from '../sfmc/update-batch.js';
import { invalidInput, type UpdateContactResult } from '../translate/update-result.js';
import type { RequestContext } from './builder.js';
import { checkedUpdate, type ClientUpdateContactInput } from './contact-input.js';
import { upstreamError } from './upstream-error.js';

/** The translation's result and the input's clientMutationId, which the payload echoes. */
export type ContactWritePayloadValue = UpdateContactResult & { clientMutationId: string | null };

/**
 * One input validated and authorized: the body to send, or the INVALID result to answer without a
 * call. `updateContact` and `createContact` send one, `updateContacts` many (`update-contacts.ts`).
 */
export function prepareWrite(ctx: RequestContext, input: ClientUpdateContactInput, write: ContactWrite): PreparedUpdate {
  const { body, userErrors } = checkedUpdate(ctx, input, write);
  return userErrors.length > 0 ? { result: invalidInput(ctx.requestId, userErrors) } : { body };
}

/**
 * One contact's write, update or create, as both mutations resolve it: the checked body
 * (INVALID with every problem, nothing sent), else the request's ContactsSource sends it
 * and settles an unknown outcome; an SFMC failure it did not process is a GraphQL error.
 */
export async function resolveContactWrite(
  ctx: RequestContext,
  input: ClientUpdateContactInput,
  write: ContactWrite,
): Promise<ContactWritePayloadValue> {
  const { clientMutationId: given } = input;
  const clientMutationId = typeof given === 'string' ? given : null;
  const prepared = prepareWrite(ctx, input, write);
  if ('result' in prepared) {
    ctx.log.outcome = 'INVALID';
    return { ...prepared.result, clientMutationId };
  }
  const { body } = prepared;
  try {
    const result = await (write === 'create' ? ctx.contacts.createContact(body) : ctx.contacts.updateContact(body));
    ctx.log.outcome = result.operationStatus;
    return { ...result, clientMutationId };
  } catch (error) {
    if (!(error instanceof SfmcError)) throw error;
    ctx.log.outcome = error.failure;
    throw upstreamError(error, ctx.requestId);
  }
}

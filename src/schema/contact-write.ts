import type { ContactWrite } from '../auth/index.js';
import { SfmcError } from '../sfmc/sfmc-error.js';
import { invalidInput, type UpdateContactResult } from '../translate/update-result.js';
import type { RequestContext } from './builder.js';
import { checkedUpdate, type ClientUpdateContactInput } from './contact-input.js';
import { upstreamError } from './upstream-error.js';

/** The translation's result and the input's clientMutationId, which the payload echoes. */
export type ContactWritePayloadValue = UpdateContactResult & { clientMutationId: string | null };

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
  const { body, userErrors } = checkedUpdate(ctx, input, write);
  if (userErrors.length > 0) {
    ctx.log.outcome = 'INVALID';
    return { ...invalidInput(ctx.requestId, userErrors), clientMutationId };
  }
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

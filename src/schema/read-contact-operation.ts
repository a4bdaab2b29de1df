import { serviceError } from '../errors.js';
import type { RequestContext } from './builder.js';
import { contactOperationOfGlobalId, type ContactOperationRef } from './contact-operation-id.js';
import { fromSfmc } from './upstream-error.js';

/** A ContactOperation as resolvers pass it: what its id holds; status and restorable days are read from SFMC per field. */
export interface ContactOperationValue {
  operation: ContactOperationRef;
}

/**
 * One operation by global id, for this caller (`contactOperation`, `node`): the id must be one this
 * service made (INVALID_ID), the caller may read it (FORBIDDEN, decided from the id alone, before SFMC
 * is asked), and SFMC's status route must know it (null otherwise). The status read is kept for the
 * node's fields.
 */
export async function readContactOperation(ctx: RequestContext, id: string): Promise<ContactOperationValue | null> {
  const operation = contactOperationOfGlobalId(id);
  if (operation === undefined) throw serviceError('INVALID_ID', 'This id was not made by this service.');
  if (!ctx.auth.canReadOperation(ctx.caller, operation.owner)) {
    throw serviceError('FORBIDDEN', 'You may read only the operations you requested yourself.');
  }
  const state = await fromSfmc(ctx.requestId, ctx.contactOperations.state(operation.kind, operation.operationId));
  return state === null ? null : { operation };
}

/** Whether a Node value is an operation (the other Node type is Contact). */
export const isContactOperation = (value: object): value is ContactOperationValue => 'operation' in value;

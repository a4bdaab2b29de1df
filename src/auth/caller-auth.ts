import { GraphQLError } from 'graphql';
import type { AuthConfig } from './auth-config.js';
import { AuthError } from './auth-error.js';
import { authorizeRead, authorizeUpdate, canReadContact, type ContactWrite } from './authorize-update.js';
import { canReadOperation, operationTarget, type OperationTarget } from './authorize-contact-operation.js';
import type { Caller } from './caller.js';
import { createCallerAuthenticator } from './verify-bearer.js';
import { serviceError, type UserError } from '../errors.js';
import type { PatchTranslation } from '../translate/patch-body.js';
import type { ContactOperationKind } from '../translate/contact-operation.js';

/**
 * Caller authentication and authorization as resolvers and the context use them: refusals are
 * GraphQL errors, except an update's, which are user errors at their input paths.
 */
export interface CallerAuth {
  authenticate(authorizationHeader: string | null): Promise<Caller>;
  /** The caller behind a header verified before, without waiting; undefined: ask `authenticate`. */
  known(authorizationHeader: string | null): Caller | undefined;
  /** What of this update (or create) the caller may not send (empty: all of it may be); throws UNAUTHENTICATED. */
  authorizeUpdate(caller: Caller, update: Pick<PatchTranslation, 'body' | 'pathOf'>, write?: ContactWrite): UserError[];
  authorizeRead(caller: Caller, contactKey: string): void;
  canRead(caller: Caller, contactKey: string): boolean;
  /** The contacts a deletion or restriction request names, or why not as user errors; throws UNAUTHENTICATED. */
  operationTarget(caller: Caller, kind: ContactOperationKind, contactKeys: readonly string[] | null | undefined): OperationTarget;
  /** Whether the caller may read an operation recorded with this owner ('' for an admin's). */
  canReadOperation(caller: Caller, owner: string): boolean;
}

function graphqlError(error: AuthError): GraphQLError {
  const headers = error.wwwAuthenticate ? { 'www-authenticate': error.wwwAuthenticate } : undefined;
  // A malformed Authorization header is a bad request, as Yoga names it; the rest are service codes.
  if (error.code === 'BAD_REQUEST') {
    return new GraphQLError(error.message, { extensions: { code: 'BAD_REQUEST', http: { status: error.status, headers } } });
  }
  return serviceError(error.code, error.message, {}, headers);
}

const asGraphql = <T>(action: () => T): T => {
  try {
    return action();
  } catch (error) {
    throw error instanceof AuthError ? graphqlError(error) : error;
  }
};

export function createCallerAuth(config: AuthConfig): CallerAuth {
  const authenticator = createCallerAuthenticator(config);
  return {
    async authenticate(header) {
      try {
        return await authenticator.authenticate(header);
      } catch (error) {
        throw error instanceof AuthError ? graphqlError(error) : error;
      }
    },
    known: (header) => authenticator.known(header),
    authorizeUpdate: (caller, update, write) => asGraphql(() => authorizeUpdate(caller, update, config, write)),
    authorizeRead: (caller, contactKey) => asGraphql(() => authorizeRead(caller, contactKey)),
    canRead: canReadContact,
    operationTarget: (caller, kind, contactKeys) => asGraphql(() => operationTarget(caller, kind, contactKeys, config)),
    canReadOperation,
  };
}

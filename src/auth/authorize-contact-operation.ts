import type { UserError } from '../errors.js';
import type { ContactOperationKind } from '../translate/contact-operation.js';
import type { AuthConfig } from './auth-config.js';
import { AuthError } from './auth-error.js';
import type { Caller } from './caller.js';

/** Whose contacts a deletion or restriction request names, decided from the verified claim and the input alone. */
export interface OperationTarget {
  /** The keys to send (empty when refused). */
  contactKeys: string[];
  /** The self-service caller's own key, recorded in the operation's id so they alone may read it; '' for admins. */
  owner: string;
  userErrors: UserError[];
}

const FIELD = ['input', 'contactKeys'];

/**
 * A deletion or restriction request's contacts. Admins (and anonymous callers, with AUTH_MODE=off
 * only) name a list of keys. A self-service caller names only their own contact, by leaving
 * `contactKeys` out or listing their key alone; a deletion only when AUTH_SELF_SERVICE_DELETION is
 * on, since it cannot be undone after the restore window. A restriction of one's own processing is
 * always allowed (GDPR art. 18): it deletes nothing. Throws AuthError UNAUTHENTICATED for anonymous
 * callers under AUTH_MODE=jwt.
 */
export function operationTarget(
  caller: Caller,
  kind: ContactOperationKind,
  contactKeys: readonly string[] | null | undefined,
  policy: AuthConfig,
): OperationTarget {
  if (caller.kind === 'anonymous' && policy.mode !== 'off') {
    throw new AuthError('UNAUTHENTICATED', 'authentication required', 'Bearer');
  }
  const refused = (error: UserError): OperationTarget => ({ contactKeys: [], owner: '', userErrors: [error] });
  if (caller.kind === 'anonymous' || caller.admin) {
    if (contactKeys === null || contactKeys === undefined) {
      return refused({ field: FIELD, code: 'REQUIRED', message: 'name the contacts: an admin has no contact of its own' });
    }
    return { contactKeys: [...contactKeys], owner: '', userErrors: [] };
  }
  const own = caller.contactKey;
  if (contactKeys !== null && contactKeys !== undefined && (contactKeys.length !== 1 || contactKeys[0] !== own)) {
    return refused({
      field: FIELD,
      code: 'NOT_ALLOWED',
      message: 'you may name only your own contact (or leave contactKeys out)',
    });
  }
  if (kind === 'DELETE' && policy.selfServiceDeletion !== true) {
    return refused({
      field: FIELD,
      code: 'SELF_SERVICE_DELETION_OFF',
      message: 'deleting your own contact is not enabled here: ask the service operator',
    });
  }
  return { contactKeys: [own], owner: own, userErrors: [] };
}

/** Whether the caller may read an operation: admins (and anonymous callers, AUTH_MODE=off) any, others only their own. */
export function canReadOperation(caller: Caller, owner: string): boolean {
  return caller.kind === 'anonymous' || caller.admin || (owner !== '' && caller.contactKey === owner);
}

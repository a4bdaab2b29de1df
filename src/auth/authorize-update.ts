import type { UserError } from '../errors.js';
import type { PatchTranslation } from '../translate/patch-body.js';
import type { AuthConfig } from './auth-config.js';
import { AuthError, forbidden } from './auth-error.js';
import type { Caller } from './caller.js';
import { isAttributeWritable, isSetWritable, type WritableAttributes } from './writable-attributes.js';

/*
 * Ownership is decided from the verified claim and the request alone, before SFMC is
 * asked anything: a refusal cannot depend on whether the contact exists, so it cannot
 * tell a caller which contact keys exist.
 */

/** What the caller is writing: the refusal names it. */
export type ContactWrite = 'update' | 'create';

const notYourContact = (write: ContactWrite) =>
  write === 'update'
    ? 'you may update only your own contact: send your own contactKey and no contactId'
    : 'you may create only your own contact: send your own contactKey';
const NOT_YOUR_CONTACT_READ = 'you may read only your own contact';

type Update = Pick<PatchTranslation, 'body' | 'pathOf'>;

const notAllowed = (field: string[], message: string): UserError => ({ field, code: 'NOT_ALLOWED', message });

/** Every set or attribute in the body that the allow-list refuses, at its input path. */
function offTheList({ body, pathOf }: Update, writable: WritableAttributes): UserError[] {
  const refused: UserError[] = [];
  for (const [set, { name, items }] of body.attributeSets.entries()) {
    if (!isSetWritable(writable, name)) {
      refused.push(notAllowed(pathOf({ set }), `attribute set "${name}" is not writable by self-service callers`));
      continue;
    }
    for (const [item, { values }] of items.entries()) {
      for (const [value, v] of values.entries()) {
        if (isAttributeWritable(writable, name, v.name)) continue;
        const message = `attribute "${name}.${v.name}" is not writable by self-service callers`;
        refused.push(notAllowed(pathOf({ set, item, value }), message));
      }
    }
  }
  return refused;
}

/**
 * What this caller may not send of this update, as NOT_ALLOWED user errors at their input
 * paths (none: it may). Anonymous callers exist only with AUTH_MODE=off and may (otherwise
 * AuthError UNAUTHENTICATED is thrown: no user errors for a caller without a token); admins
 * may update any contact; anyone else only their own contact, by `contactKey` equal to their
 * claim and without `contactId` (an id cannot be matched to the claim without a lookup),
 * writing only what AUTH_SELF_SERVICE_WRITABLE lists. A create (`write`) follows the same rules.
 */
export function authorizeUpdate(caller: Caller, update: Update, policy: AuthConfig, write: ContactWrite = 'update'): UserError[] {
  if (caller.kind === 'anonymous') {
    if (policy.mode === 'off') return [];
    throw new AuthError('UNAUTHENTICATED', 'authentication required', 'Bearer');
  }
  if (caller.admin) return [];
  const { contactKey, contactId } = update.body;
  const refused: UserError[] = [];
  const refusal = notYourContact(write);
  if (contactId !== undefined) refused.push(notAllowed(update.pathOf('contactId'), refusal));
  // An id without a key is refused once, at the id; neither key nor id is refused at the key.
  if (contactKey !== caller.contactKey && (contactKey !== undefined || contactId === undefined)) {
    refused.push(notAllowed(update.pathOf('contactKey'), refusal));
  }
  return [...refused, ...offTheList(update, policy.selfServiceWritable)];
}

/**
 * Whether the caller may see this contact: anonymous (AUTH_MODE=off only) and admins
 * any, others their own. Reads by email address filter their results with this rather
 * than throwing: someone else's address then reads as no match, exactly like an unknown one.
 */
export function canReadContact(caller: Caller, contactKey: string): boolean {
  return caller.kind === 'anonymous' || caller.admin || caller.contactKey === contactKey;
}

/** A read by contact key; throws AuthError FORBIDDEN (403), the same whether the contact exists or not. */
export function authorizeRead(caller: Caller, contactKey: string): void {
  if (!canReadContact(caller, contactKey)) throw forbidden(NOT_YOUR_CONTACT_READ);
}

import type { PatchAttributeSet, PatchBody } from '../translate/patch-body.js';
import type { AuthConfig } from './auth-config.js';
import { AuthError, forbidden } from './auth-error.js';
import type { Caller } from './caller.js';
import { isAttributeWritable, isSetWritable, type WritableAttributes } from './writable-attributes.js';

/*
 * Ownership is decided from the verified claim and the request alone, before SFMC is
 * asked anything: a refusal cannot depend on whether the contact exists, so it cannot
 * tell a caller which contact keys exist.
 */

const NOT_YOUR_CONTACT_UPDATE = 'you may update only your own contact: send your own contactKey and no contactId';
const NOT_YOUR_CONTACT_READ = 'you may read only your own contact';

/** The first set or attribute in the body that the allow-list refuses, by SFMC name. */
function firstRefused(sets: readonly PatchAttributeSet[], writable: WritableAttributes): string | undefined {
  for (const set of sets) {
    if (!isSetWritable(writable, set.name)) return `attribute set "${set.name}"`;
    for (const { values } of set.items) {
      const value = values.find((v) => !isAttributeWritable(writable, set.name, v.name));
      if (value) return `attribute "${set.name}.${value.name}"`;
    }
  }
  return undefined;
}

/**
 * May this caller send this PATCH body? Throws AuthError FORBIDDEN (403) when not.
 * Anonymous callers exist only with AUTH_MODE=off and may; admins may update any
 * contact; anyone else only their own contact, by `contactKey` equal to their claim
 * and without `contactId` (an id cannot be matched to the claim without a lookup),
 * writing only what AUTH_SELF_SERVICE_WRITABLE lists.
 */
export function authorizeUpdate(caller: Caller, body: PatchBody, policy: AuthConfig): void {
  if (caller.kind === 'anonymous') {
    if (policy.mode === 'off') return;
    throw new AuthError('UNAUTHENTICATED', 'authentication required', 'Bearer');
  }
  if (caller.admin) return;
  if (body.contactId !== undefined || body.contactKey !== caller.contactKey) throw forbidden(NOT_YOUR_CONTACT_UPDATE);
  const refused = firstRefused(body.attributeSets, policy.selfServiceWritable);
  if (refused) throw forbidden(`${refused} is not writable by self-service callers`);
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

import type { ContactRecord } from '../translate/contact-read.js';
import type { RequestContext } from './builder.js';
import { fromSfmc } from './upstream-error.js';

/**
 * One contact by key, for this caller: the self-only rule first (before SFMC is asked, so a refusal
 * says nothing of whether the contact exists), then the request's batched read. Every field that
 * returns a contact by key (`contact`, `node`, `me`, `_entities`, `payload.contact`) reads through it.
 */
export function readContact(ctx: RequestContext, contactKey: string): Promise<ContactRecord | null> {
  ctx.auth.authorizeRead(ctx.caller, contactKey);
  return fromSfmc(ctx.requestId, ctx.contacts.contact(contactKey));
}

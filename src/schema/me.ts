import { serviceError } from '../errors.js';
import type { Builder } from './builder.js';
import type { registerContact } from './contact.js';
import { readContact } from './read-contact.js';

type ContactRef = ReturnType<typeof registerContact>;

/**
 * `Query.me`: the caller's own contact, named by their token's contact-key claim, so that a page
 * needs no key of its own to ask for it. Admin callers (a gateway, a back office) act for others
 * and anonymous callers (AUTH_MODE=off) have no token: neither has a contact of its own.
 */
export function registerMe(builder: Builder, Contact: ContactRef) {
  builder.queryField('me', (t) =>
    t.field({
      type: Contact,
      nullable: true,
      description:
        "The caller's own contact, as their token names it; null when SFMC has no such contact. Admin and anonymous " +
        'callers have no contact of their own: null with NO_OWN_CONTACT (use contact(contactKey)).',
      resolve: (_root, _args, ctx, info) => {
        const { caller } = ctx;
        if (caller.kind !== 'user' || caller.admin) {
          throw serviceError('NO_OWN_CONTACT', 'This caller has no contact of its own: ask for contact(contactKey).');
        }
        return readContact(ctx, caller.contactKey, info);
      },
    }),
  );
}

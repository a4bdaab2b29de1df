import { serviceError } from '../errors.js';
import type { ContactRecord } from '../translate/contact-read.js';
import type { Builder } from './builder.js';
import { readContact } from './read-contact.js';
import { contactOperationGlobalId, contactOperationOfGlobalId } from './contact-operation-id.js';
import { isContactOperation, readContactOperation, type ContactOperationValue } from './read-contact-operation.js';

/**
 * Global object identification (the `Node` interface and `Query.node`), so that client caches
 * (Apollo Client, urql Graphcache, Relay) normalize `Contact` without configuration.
 *
 * A contact's id is base64url (no padding) of `Contact:` and its contact key. It reveals exactly
 * the contact key, which every `Contact` shows already, and nothing else; it is stable because the
 * key is. It is opaque by contract only: clients must not build or take ids apart, so that the
 * encoding may change with a new type. Only the canonical encoding decodes: one contact, one id.
 */
const CONTACT_PREFIX = 'Contact:';

/** The global id of the contact with this key. */
export const contactGlobalId = (contactKey: string): string =>
  Buffer.from(CONTACT_PREFIX + contactKey, 'utf8').toString('base64url');

/** The contact key a global id names, or undefined when the id is not one this service made. */
export function contactKeyOfGlobalId(id: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return undefined;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  // Round-trip: padding, stray bits or bytes that are not UTF-8 would give a second id for one contact.
  if (!text.startsWith(CONTACT_PREFIX) || contactGlobalId(text.slice(CONTACT_PREFIX.length)) !== id) return undefined;
  const contactKey = text.slice(CONTACT_PREFIX.length);
  return contactKey === '' ? undefined : contactKey;
}

/** The `Node` interface: `Contact`, and `ContactOperation` (ids in `contact-operation-id.ts`). */
export function registerNode(builder: Builder) {
  return builder.interfaceRef<ContactRecord | ContactOperationValue>('Node').implement({
    description:
      'An object with a global id, fetched again with Query.node(id). Client caches (Apollo Client, urql Graphcache, ' +
      'Relay) normalize on it: a mutation result that carries the object updates every view of it.',
    resolveType: (value) => (isContactOperation(value) ? 'ContactOperation' : 'Contact'),
    fields: (t) => ({
      id: t.id({
        description:
          "The global id: opaque and stable. A contact's reveals its contactKey and nothing else; an operation's its kind, " +
          "SFMC's operation id, when it was requested and, for a self-service request, the requester's contact key (see docs/frontend.md).",
        resolve: (value) =>
          isContactOperation(value) ? contactOperationGlobalId(value.operation) : contactGlobalId(value.contactKey),
      }),
    }),
  });
}

export type NodeRef = ReturnType<typeof registerNode>;

/** `Query.node(id)`: the Relay refetch. The same self-only rule as `contact(contactKey)`. */
export function registerNodeQuery(builder: Builder, Node: NodeRef) {
  builder.queryField('node', (t) =>
    t.field({
      type: Node,
      nullable: true,
      description:
        'The object with this global id (a Contact or a ContactOperation); null when SFMC has no such object. An id ' +
        "this service did not make is refused with INVALID_ID; someone else's with FORBIDDEN, as contact(contactKey) " +
        'and contactOperation(id) do.',
      args: { id: t.arg.id({ required: true, description: 'A global id, as a Node returned it.' }) },
      resolve: (_root, { id }, ctx, info) => {
        const contactKey = contactKeyOfGlobalId(String(id));
        if (contactKey === undefined && contactOperationOfGlobalId(String(id)) !== undefined) {
          return readContactOperation(ctx, String(id));
        }
        if (contactKey === undefined) throw serviceError('INVALID_ID', 'This id was not made by this service.');
        return readContact(ctx, contactKey, info);
      },
    }),
  );
}

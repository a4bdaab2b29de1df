import type { Catalog, CatalogGroup } from '../catalog/index.js';
import { GRAPHQL_SCALAR_OF } from '../catalog/data-types.js';
import type { ContactRecord, ContactRow } from '../translate/contact-read.js';
import type { Builder } from './builder.js';
import type { NodeRef } from './node.js';
import { groupsSelected, readContact } from './read-contact.js';
import { fromSfmc } from './upstream-error.js';

/**
 * The `Contact` entity (`@key(fields: "contactKey")`) with the catalog's groups as
 * typed fields, and the reads that return it. Every read goes through the
 * request's ContactsSource, which batches: N contacts in one request cost one SFMC call, asking
 * for the groups the request's selections read (`groupsSelected`).
 */
export function registerContact(builder: Builder, catalog: Catalog, Node: NodeRef) {
  const rowType = (group: CatalogGroup) =>
    builder.objectRef<ContactRow>(group.typeName).implement({
      description: `One row of "${group.sfmcName}" as SFMC holds it.`,
      fields: (t) =>
        Object.fromEntries(
          group.attributes.map((a) => [
            a.graphqlName,
            t.field({
              type: GRAPHQL_SCALAR_OF[a.dataType],
              nullable: true,
              description: a.description,
              resolve: (row) => row[a.graphqlName] as never,
            }),
          ]),
        ),
    });

  const Contact = builder.objectRef<ContactRecord>('Contact').implement({
    description: 'An SFMC contact, as this service reads it. Other subgraphs refer to it by contactKey; client caches by id.',
    interfaces: [Node],
    fields: (t) => ({
      contactKey: t.exposeString('contactKey', { description: 'The contact key (subscriber key).' }),
      contactId: t.exposeID('contactId', { nullable: true, description: "SFMC's numeric contact id." }),
      ...Object.fromEntries(
        catalog.groups.map((group) => {
          const Row = rowType(group);
          const rows = (contact: ContactRecord) => contact.groups[group.graphqlName] ?? [];
          const field =
            group.cardinality === 'MANY'
              ? t.field({ type: [Row], description: group.description, resolve: rows })
              : t.field({ type: Row, nullable: true, description: group.description, resolve: (c) => rows(c)[0] ?? null });
          return [group.graphqlName, field];
        }),
      ),
    }),
  });

  builder.asEntity(Contact, {
    key: builder.selection<{ contactKey: string }>('contactKey'),
    resolveReference: (ref, ctx, info) => readContact(ctx, ref.contactKey, info),
  });

  builder.queryFields((t) => ({
    contact: t.field({
      type: Contact,
      nullable: true,
      description: 'One contact by its key; null when SFMC has no such contact.',
      args: { contactKey: t.arg.string({ required: true, description: 'The contact key.' }) },
      resolve: (_root, { contactKey }, ctx, info) => readContact(ctx, contactKey, info),
    }),
    contactsByEmail: t.field({
      type: [Contact],
      description: 'The contacts (at most 10) that have this email address in "Email Addresses", oldest first.',
      args: { emailAddress: t.arg.string({ required: true, description: 'The email address, any case.' }) },
      resolve: async (_root, { emailAddress }, ctx, info) => {
        // Someone else's contact reads as no match: an address reveals nothing about others.
        const keys = (await fromSfmc(ctx.requestId, ctx.contacts.contactKeysByEmail(emailAddress))).filter((k) =>
          ctx.auth.canRead(ctx.caller, k),
        );
        const contacts = await fromSfmc(ctx.requestId, ctx.contacts.contacts(keys, groupsSelected(ctx.catalog, info)));
        return contacts.filter((c): c is ContactRecord => c !== null);
      },
    }),
  }));

  return Contact;
}

import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { Catalog } from '../catalog/index.js';
import type { ContactRecord } from '../translate/contact-read.js';
import type { RequestContext } from './builder.js';
import { fromSfmc } from './upstream-error.js';

/**
 * One contact by key, for this caller: the self-only rule first (before SFMC is asked, so a refusal
 * says nothing of whether the contact exists), then the request's batched read. Every field that
 * returns a contact by key (`contact`, `node`, `me`, `_entities`, `payload.contact`) reads through it.
 * Given the field's `info`, the read asks SFMC for the groups its selection reads only; without, for all.
 */
export function readContact(ctx: RequestContext, contactKey: string, info?: GraphQLResolveInfo): Promise<ContactRecord | null> {
  ctx.auth.authorizeRead(ctx.caller, contactKey);
  return fromSfmc(ctx.requestId, ctx.contacts.contact(contactKey, info && groupsSelected(ctx.catalog, info)));
}

/**
 * The groups (GraphQL names) a field returning contacts selects, through fragments and inline
 * fragments (whatever their type condition: asking for a group too many is harmless, one too few is not).
 */
export function groupsSelected(catalog: Catalog, info: GraphQLResolveInfo): ReadonlySet<string> {
  const groups = new Set(catalog.groups.map((g) => g.graphqlName));
  const selected = new Set<string>();
  const visited = new Set<string>();
  const visit = (selectionSet: SelectionSetNode | undefined): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (groups.has(selection.name.value)) selected.add(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        visit(info.fragments[selection.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return selected;
}

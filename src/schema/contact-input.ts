import type { ContactWrite } from '../auth/index.js';
import type { Catalog, CatalogAttribute, CatalogGroup } from '../catalog/index.js';
import { GRAPHQL_SCALAR_OF } from '../catalog/data-types.js';
import type { UserError } from '../errors.js';
import { createProblems } from '../translate/create-rules.js';
import {
  MAX_USER_ERRORS,
  translateUpdate,
  type GroupRowInput,
  type PatchBody,
  type UpdateContactInput,
} from '../translate/patch-body.js';
import { registerAttributeValues } from './attribute-value.js';
import type { Builder, RequestContext, SchemaTypes } from './builder.js';

/** The input as clients send it: the update, and the client's id for the mutation, which is only echoed. */
export type ClientUpdateContactInput = UpdateContactInput & { clientMutationId?: string | null | undefined };

type InputFields = PothosSchemaTypes.InputFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>, 'InputObject'>;

/** The fields every contact write takes besides which contact: the typed groups, then attributeSets. */
type GroupFields = (t: InputFields) => ReturnType<typeof groupFieldsOf>;

/** One set of group input types per schema, shared by UpdateContactInput and CreateContactInput. */
const groupInputs = new WeakMap<Builder, GroupFields>();

/**
 * One input type per writable catalog group, generated from the catalog: a field per attribute,
 * typed after its SFMC data type. A group SFMC keeps itself (`writable: false`) is read on `Contact` only.
 */
function groupInput(
  builder: Builder,
  group: CatalogGroup,
  AttributeValueInput: ReturnType<typeof registerAttributeValues>['AttributeValueInput'],
) {
  return builder.inputRef<GroupRowInput>(group.inputTypeName).implement({
    description: group.description,
    fields: (t) => ({
      ...Object.fromEntries(
        group.attributes.map((a: CatalogAttribute) => [
          a.graphqlName,
          t.field({ type: GRAPHQL_SCALAR_OF[a.dataType], required: a.isPrimaryKey, description: a.description }),
        ]),
      ),
      extraAttributes: t.field({
        type: [AttributeValueInput],
        description: `Attributes of "${group.sfmcName}" that this schema does not type (a tenant's own), by SFMC name.`,
      }),
    }),
  });
}

function registerGroupInputs(builder: Builder, catalog: Catalog): GroupFields {
  const registered = groupInputs.get(builder);
  if (registered) return registered;
  const { AttributeValueInput, AttributeSetInput } = registerAttributeValues(builder);

  const refs = catalog.groups
    .filter((group) => group.writable)
    .map((group) => ({ group, ref: groupInput(builder, group, AttributeValueInput) }));
  const fields: GroupFields = (t) => groupFieldsOf(t, refs, AttributeSetInput);
  groupInputs.set(builder, fields);
  return fields;
}

function groupFieldsOf(
  t: InputFields,
  refs: readonly { group: CatalogGroup; ref: ReturnType<typeof groupInput> }[],
  AttributeSetInput: ReturnType<typeof registerAttributeValues>['AttributeSetInput'],
) {
  return {
    ...Object.fromEntries(
      refs.map(({ group, ref }) => {
        const field =
          group.cardinality === 'MANY'
            ? t.field({ type: [ref], description: group.description })
            : t.field({ type: ref, description: group.description });
        return [group.graphqlName, field];
      }),
    ),
    attributeSets: t.field({
      type: [AttributeSetInput],
      description: "Attribute groups that have no typed field here (a tenant's own groups), by SFMC name.",
    }),
  };
}

const clientMutationIdField = (t: InputFields) =>
  t.string({
    description:
      "The client's own id for this mutation (the Relay convention), echoed in the payload, also when the input " +
      'is refused. Never sent to SFMC.',
  });

/** `UpdateContactInput`: which contact (contactKey, contactId or both) and its groups to write. */
export function registerContactInput(builder: Builder, catalog: Catalog) {
  const groupFields = registerGroupInputs(builder, catalog);
  return builder.inputRef<ClientUpdateContactInput>('UpdateContactInput').implement({
    description:
      'What to change on one contact: which contact (contactKey, contactId or both) and the attribute groups to write. ' +
      'Fields left out are not sent; an explicit null clears a nullable attribute.',
    fields: (t) => ({
      clientMutationId: clientMutationIdField(t),
      contactKey: t.string({ description: 'The contact key (subscriber key) of the contact to update.' }),
      contactId: t.id({ description: "SFMC's numeric contact id of the contact to update." }),
      ...groupFields(t),
    }),
  });
}

/** `CreateContactInput`: the new contact's key and its groups, the same group types as the update's. */
export function registerCreateContactInput(builder: Builder, catalog: Catalog) {
  const groupFields = registerGroupInputs(builder, catalog);
  return builder.inputRef<ClientUpdateContactInput & { contactKey: string }>('CreateContactInput').implement({
    description:
      'A new contact: its key and the attribute groups it starts with (SFMC assigns its id). SFMC needs at least one ' +
      'channel group and one row per group; see createContact.',
    fields: (t) => ({
      clientMutationId: clientMutationIdField(t),
      contactKey: t.string({ required: true, description: 'The contact key (subscriber key) of the new contact.' }),
      ...groupFields(t),
    }),
  });
}

/**
 * The body with the contact's key in every row of a typed group whose row key holds it (a
 * data extension's "ContactKey"): identity is never an input, so the service gives it, as
 * the last values of the row. Without `contactKey` (only `contactId`) nothing is added and
 * SFMC judges the row.
 */
export function withContactKeys(catalog: Catalog, body: PatchBody): PatchBody {
  const contactKey = body.contactKey;
  // Most catalogs have no such group: their bodies are returned as they are, without looking at a set.
  if (contactKey === undefined || !catalog.groups.some(fillsContactKey)) return body;
  let changed = false;
  const attributeSets = body.attributeSets.map((set) => {
    const group = catalog.findGroup(set.name);
    if (group === undefined || !fillsContactKey(group)) return set;
    changed = true;
    return {
      ...set,
      items: set.items.map((item) => {
        const given = new Set(item.values.map((v) => v.name.toLowerCase()));
        const filled = group.contactKeyAttributes.filter((name) => !given.has(name.toLowerCase()));
        return { values: [...item.values, ...filled.map((name) => ({ name, value: contactKey }))] };
      }),
    };
  });
  return changed ? { ...body, attributeSets } : body;
}

/** Whether the service fills the contact's key into the rows of this group. */
const fillsContactKey = (group: CatalogGroup) => group.writable && group.contactKeyAttributes.length > 0;

/**
 * An input as the PATCH body it becomes (the pure translation, then the contact's key
 * where a row's key holds it), with every problem found before sending: the
 * translation's (with SFMC's create rules for a create) and the caller's authorization's, at their input paths.
 * The body may be sent only when `userErrors` is empty.
 */
export function checkedUpdate(
  ctx: RequestContext,
  input: UpdateContactInput,
  write: ContactWrite = 'update',
): { body: PatchBody; userErrors: UserError[] } {
  const update = translateUpdate(ctx.catalog, input);
  const problems = write === 'create' ? createProblems(ctx.catalog, update) : update.problems;
  const refused = ctx.auth.authorizeUpdate(ctx.caller, update, write);
  const userErrors = refused.length === 0 ? problems : [...problems, ...refused].slice(0, MAX_USER_ERRORS);
  return { body: withContactKeys(ctx.catalog, update.body), userErrors };
}

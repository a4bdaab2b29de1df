/**
 * What the page reads: the signed-in person, and the attribute groups they may edit.
 *
 * `loadPerson` is the one place that says who "the signed-in person" is: `me`, the contact whose
 * key the identity provider signed into the token. The page never names a contact key to read.
 */
import type { GraphQLClient } from 'graphql-request';

/** One attribute the person may edit, as `attributeGroups` describes it. */
export interface EditableAttribute {
  /** SFMC name, e.g. "First Name". */
  name: string;
  /** The field in the group's input and output types, e.g. `firstName`. */
  fieldName: string;
  graphqlType: string;
  description: string;
  isNullable: boolean;
  length: number | null;
}

/** A one-row group (e.g. "Email Demographics") with the attributes the allow-list lets the person write. */
export interface EditableGroup {
  name: string;
  /** The field on UpdateContactInput and Contact, e.g. `emailDemographics`. */
  fieldName: string;
  description: string;
  attributes: EditableAttribute[];
}

export type AttributeScalar = string | number | boolean | null;

export interface Person {
  contactKey: string;
  contactId: string | null;
  emailAddresses: { emailAddress: string | null }[];
  /** Each editable group's current row, by its fieldName (null: no row yet). */
  groups: Record<string, Record<string, AttributeScalar> | null>;
}

interface GroupDescription {
  name: string;
  fieldName: string;
  description: string;
  cardinality: 'ONE' | 'MANY';
  attributes: (EditableAttribute & { isPrimaryKey: boolean })[];
}

const GROUPS_QUERY = /* GraphQL */ `
  query PreferenceCenterGroups {
    attributeGroups {
      name
      fieldName
      description
      cardinality
      attributes {
        name
        fieldName
        graphqlType
        description
        isNullable
        isPrimaryKey
        length
      }
    }
  }
`;

/**
 * The groups the page shows as editable: `attributeGroups` (what the schema types) narrowed to
 * AUTH_SELF_SERVICE_WRITABLE (`Set Name` or `Set Name.Attribute Name`, any case), which the
 * development server passes as it runs the service with it. One-row groups only: a many-rows group
 * is written by its row key (an email address, a phone number), which this page does not add.
 */
export async function loadEditableGroups(client: GraphQLClient, writable: readonly string[]): Promise<EditableGroup[]> {
  const { attributeGroups } = await client.request<{ attributeGroups: GroupDescription[] }>(GROUPS_QUERY);
  const entries = writable.map((entry) => {
    const dot = entry.indexOf('.');
    return dot < 0
      ? { set: entry.trim().toLowerCase(), attribute: undefined }
      : {
          set: entry.slice(0, dot).trim().toLowerCase(),
          attribute: entry
            .slice(dot + 1)
            .trim()
            .toLowerCase(),
        };
  });
  const allowed = (set: string, attribute: string) =>
    entries.some((e) => e.set === set.toLowerCase() && (e.attribute === undefined || e.attribute === attribute.toLowerCase()));
  return attributeGroups
    .filter((group) => group.cardinality === 'ONE')
    .map((group) => ({
      name: group.name,
      fieldName: group.fieldName,
      description: group.description,
      attributes: group.attributes
        .filter((a) => allowed(group.name, a.name))
        .map(({ isPrimaryKey: _, ...attribute }) => attribute),
    }))
    .filter((group) => group.attributes.length > 0);
}

/** The person's selection: contact details, and each editable group's editable fields. */
const selectionOf = (groups: readonly EditableGroup[]) =>
  groups.map((g) => `${g.fieldName} { ${g.attributes.map((a) => a.fieldName).join(' ')} }`).join('\n    ');

// ---- The one place that names the signed-in person. ----
const PERSON_QUERY = (groups: readonly EditableGroup[]) => /* GraphQL */ `
  query PreferenceCenterPerson {
    person: me {
      id
      contactKey
      contactId
      emailAddresses { emailAddress }
      ${selectionOf(groups)}
    }
  }
`;

/** The signed-in person, or null when SFMC has no contact for them yet. */
export async function loadPerson(client: GraphQLClient, groups: readonly EditableGroup[]): Promise<Person | null> {
  const { person } = await client.request<{ person: (Omit<Person, 'groups'> & Record<string, unknown>) | null }>(
    PERSON_QUERY(groups),
  );
  if (person === null) return null;
  return {
    contactKey: person.contactKey,
    contactId: person.contactId,
    emailAddresses: person.emailAddresses,
    groups: Object.fromEntries(
      groups.map((g) => [g.fieldName, (person[g.fieldName] ?? null) as Record<string, AttributeScalar> | null]),
    ),
  };
}
// ---- End of the one place. ----

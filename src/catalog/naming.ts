import { createHash } from 'node:crypto';

/**
 * Deterministic GraphQL names from SFMC display names: "HTML Enabled" -> htmlEnabled,
 * "GroupConnect LINE Addresses" -> groupConnectLineAddresses, "Device ID" -> deviceId.
 * Words are split on anything that is not a letter or digit and where capitals start a
 * new word ("GroupConnect", "SFOrg" -> sfOrg); an all-capitals word is treated as one
 * word ("HTML" -> "Html").
 * Accented letters lose their accents ("Prénom" -> prenom); other non-ASCII characters
 * are dropped.
 */

/** Letters NFKD does not decompose into ASCII. */
const FOLDED: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'Ae',
  œ: 'oe',
  Œ: 'Oe',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ł: 'l',
  Ł: 'L',
  þ: 'th',
  Þ: 'Th',
};

function words(sfmcName: string): string[] {
  return (
    sfmcName
      .replace(/[ßæÆœŒøØđĐłŁþÞ]/g, (c) => FOLDED[c] ?? '')
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .split(/[^A-Za-z0-9]+/)
      // Inside a word, capitals start a new one: "MobileConnect", "SFOrg" -> SF Org, "PushAppID" -> Push App ID.
      .flatMap((w) => w.split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/))
      .filter(Boolean)
      .map((w) => (w.length > 1 && w === w.toUpperCase() ? w[0] + w.slice(1).toLowerCase() : w))
  );
}

function pascalCase(sfmcName: string): string {
  return words(sfmcName)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function camelCase(sfmcName: string): string {
  const pascal = pascalCase(sfmcName);
  return pascal === '' ? '' : pascal[0]!.toLowerCase() + pascal.slice(1);
}

/** The output type of a group's rows; its input type is this plus "Input". */
export const typeNameOf = (fieldName: string): string => fieldName[0]!.toUpperCase() + fieldName.slice(1);

/** The input type of an event's data: `welcomeSeries` -> WelcomeSeriesEventData. */
export const eventDataTypeName = (fieldName: string): string => `${typeNameOf(fieldName)}EventData`;

/**
 * Names the schema uses itself. No group or attribute field takes them: `contactKey`,
 * `contactId` and `attributeSets` are fields of UpdateContactInput and Contact,
 * `extraAttributes` of every group input, `clientMutationId` of UpdateContactInput, and `id` of
 * Contact (a row type with an `id` field would be normalized by client caches as if rows had global ids);
 * `trackingOptOut` and `smsSubscriptions` of Contact.
 */
const RESERVED_FIELD_NAMES: ReadonlySet<string> = new Set([
  'contactKey',
  'contactId',
  'attributeSets',
  'extraAttributes',
  'clientMutationId',
  'id',
  // Consent fields of Contact.
  'trackingOptOut',
  'smsSubscriptions',
]);

/** Types the schema defines besides the groups' own (checked against the schema by test/unit/datamodel-model.test.ts). */
export const RESERVED_TYPE_NAMES: ReadonlySet<string> = new Set([
  'String',
  'Int',
  'Float',
  'Boolean',
  'ID',
  'Query',
  'Mutation',
  'Subscription',
  'AttributeDefinition',
  'AttributeGroup',
  'AttributeSetInput',
  'AttributeSetItemInput',
  'AttributeValue',
  'AttributeValueInput',
  'Cardinality',
  'Contact',
  'Node',
  'OperationStatus',
  'OutcomeVerification',
  'ResultMessage',
  'SfmcDataType',
  'SfmcPatchAttributeSet',
  'SfmcPatchBody',
  'SfmcPatchItem',
  'SfmcPatchValue',
  'SfmcBudgetPolicy',
  'SfmcUsage',
  'SfmcUsagePeriod',
  'SfmcUsageProjection',
  'UpdateContactInput',
  'UpdateContactPayload',
  'UpdateContactPreview',
  'UserError',
  'UserErrorCode',
  // Journeys (event definitions).
  'EnterJourneyInput',
  'EnterJourneyPayload',
  'EnterJourneysInput',
  'EnterJourneysPayload',
  'JourneyEntryStatus',
  'JourneyEvent',
  'JourneyEventData',
  'JourneyMemberInput',
  'JourneyMemberResult',
  'JourneyMembership',
  '_Any',
  '_Entity',
  '_Service',
  // createContact (issue 17 §1)
  'CreateContactInput',
  'CreateContactPayload',
  // updateContacts
  'UpdateContactsCounts',
  'UpdateContactsPayload',
  'UpdateContactsResult',
  // Deletion and restriction operations.
  'ContactOperation',
  'ContactOperationInput',
  'ContactOperationKind',
  'ContactOperationPayload',
  'ContactOperationStatus',
  // Consent (tracking opt-out, SMS).
  'RequestSmsOptInInput',
  'RequestSmsOptInPayload',
  'SetTrackingOptOutInput',
  'SetTrackingOptOutPayload',
  'SmsOptInNumberResult',
  'SmsOptInStatus',
  'SmsSubscription',
]);

const FIELD_NAME = /^[_a-z][_A-Za-z0-9]*$/;

/** A name this schema can give a field: GraphQL's rule, lower-case first, not `__`, not reserved. */
function isUsableFieldName(name: string): boolean {
  return (
    FIELD_NAME.test(name) &&
    !name.startsWith('__') &&
    !RESERVED_FIELD_NAMES.has(name) &&
    // Rows and inputs are plain objects: `constructor` or `toString` would read the prototype's.
    !Object.hasOwn(Object.prototype, name)
  );
}

/**
 * The field name an SFMC name maps to before clashes are resolved: camelCase of the
 * display name; of the SFMC key when the name has no ASCII letter or digit; else
 * `attribute_`/`group_` and 8 hex digits of the name's SHA-1. A name that starts with a
 * digit gets a leading underscore ("2nd Phone" -> _2ndPhone).
 */
export function baseFieldName(sfmcName: string, key: string, kind: NameKind): string {
  const name = camelCase(sfmcName) || camelCase(key);
  if (name === '') return `${kind}_${createHash('sha1').update(sfmcName).digest('hex').slice(0, 8)}`;
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/**
 * What is named: an attribute (or an event's data field), a group (its row and input types derive
 * from the name) or an event (its data input type, `<Name>EventData`, derives from the name).
 */
export type NameKind = 'attribute' | 'group' | 'event';

interface NameRequest {
  sfmcName: string;
  key: string;
  /** A name chosen before (the snapshot's `graphqlName`): kept when it is still usable and free. */
  preferred?: string | undefined;
}

/**
 * Gives every request a distinct field name, deterministically:
 * 1. a preferred name (the snapshot's) is kept when it is usable and not taken yet, in list order;
 * 2. every other request gets its base name, in list order; when that is taken or not
 *    usable, the first free of `base_2`, `base_3`, … (base names never hold `_N`).
 * For groups (`kind` 'group') a name is taken also when its type name (`typeNameOf`) or
 * input type name (plus "Input") is reserved or already another group's.
 */
export function assignFieldNames(
  requests: readonly NameRequest[],
  kind: NameKind,
  /** Type names other entries hold already (the groups', when naming events). */
  takenTypes: Iterable<string> = [],
): string[] {
  const fields = new Set<string>();
  const types = new Set<string>(takenTypes);
  const typeNames = (name: string) =>
    kind === 'group' ? [typeNameOf(name), `${typeNameOf(name)}Input`] : kind === 'event' ? [eventDataTypeName(name)] : [];
  const claim = (name: string): boolean => {
    const derived = typeNames(name);
    if (!isUsableFieldName(name) || fields.has(name)) return false;
    if (derived.some((t) => types.has(t) || RESERVED_TYPE_NAMES.has(t))) return false;
    fields.add(name);
    for (const t of derived) types.add(t);
    return true;
  };
  const names: (string | undefined)[] = requests.map((r) =>
    r.preferred !== undefined && claim(r.preferred) ? r.preferred : undefined,
  );
  return requests.map((r, i) => {
    const kept = names[i];
    if (kept !== undefined) return kept;
    const base = baseFieldName(r.sfmcName, r.key, kind);
    if (claim(base)) return base;
    for (let n = 2; ; n++) if (claim(`${base}_${n}`)) return `${base}_${n}`;
  });
}

import type { Catalog, CatalogAttribute, CatalogGroup } from '../catalog/index.js';
import { coerceValue, type AttributeScalar } from '../catalog/data-types.js';
import { InputError, type UserError, type UserErrorCode } from '../errors.js';
import {
  LIST_LIMITS,
  TEXT_LIMITS,
  contactKeyProblem,
  listProblem,
  nameProblem,
  valueProblem,
  type TextProblem,
} from './input-text.js';

/** SFMC's `PATCH /contacts/v1/contacts` body, in its exact shape. */
export interface PatchValue {
  name: string;
  value: AttributeScalar | null;
}
export interface PatchItem {
  values: PatchValue[];
}
export interface PatchAttributeSet {
  name: string;
  items: PatchItem[];
}
export interface PatchBody {
  contactKey?: string;
  contactId?: number | string;
  attributeSets: PatchAttributeSet[];
}

/** `{ name, value }`: a tenant attribute by its SFMC name. */
export interface AttributeValueInput {
  name: string;
  value: AttributeScalar;
}
export interface AttributeSetInput {
  name: string;
  items: readonly { values: readonly AttributeValueInput[] }[];
}
/** One row of a typed group: typed attributes by GraphQL name, plus extras. */
export type GroupRowInput = Readonly<Record<string, unknown>> & {
  extraAttributes?: readonly AttributeValueInput[] | null;
};
/** `UpdateContactInput` as GraphQL hands it over; group fields are keyed by their GraphQL name. */
export type UpdateContactInput = Readonly<Record<string, unknown>> & {
  contactKey?: string | null;
  contactId?: string | number | null;
  attributeSets?: readonly AttributeSetInput[] | null;
};

const ROOT = 'input';

/** At most this many problems are reported for one input: enough to fix a form, bounded for a hostile one. */
export const MAX_USER_ERRORS = 100;

/** A part of a PATCH body: its contact key or id, or an attribute set, one of its rows or one value, by index. */
export type BodyPlace = 'contactKey' | 'contactId' | { set: number; item?: number; value?: number };

/** An input as the PATCH body it becomes, every problem found on the way, and where each part of the body came from. */
export interface PatchTranslation {
  /** The body, as far as the input allows; it is sent only when there are no problems. */
  body: PatchBody;
  /** Every problem found (at most MAX_USER_ERRORS), in input order. */
  problems: UserError[];
  /** The input path a part of `body` came from, e.g. for an authorization refusal. */
  pathOf(place: BodyPlace): string[];
}

/** Where an attribute set of the body came from: a typed group's field, or an entry of `attributeSets`. */
type SetOrigin = { group: CatalogGroup; rows: readonly GroupRowInput[] } | { index: number };

class Problems {
  readonly list: UserError[] = [];

  add(field: string[], problem: TextProblem): void {
    if (this.list.length < MAX_USER_ERRORS) this.list.push({ field, code: problem.code, message: problem.message });
  }
}

const problem = (code: UserErrorCode, message: string): TextProblem => ({ code, message });

/**
 * The code of a value `coerceValue` refused. Its range refusals read "must be between …" and "is out of range";
 * every other refusal of a number or boolean is the wrong type.
 */
function coercionCode(dataType: CatalogAttribute['dataType'], reason: string): UserErrorCode {
  switch (dataType) {
    case 'Date':
      return 'INVALID_DATE';
    case 'EmailAddress':
    case 'Phone':
      return 'INVALID_FORMAT';
    case 'Text':
      return /^must be at most/.test(reason) ? 'TOO_LONG' : 'WRONG_TYPE';
    default:
      return /between|out of range/.test(reason) ? 'OUT_OF_RANGE' : 'WRONG_TYPE';
  }
}

/** SFMC's contact ids are 64-bit and start at 1. */
const MAX_CONTACT_ID = 9223372036854775807n;

/**
 * Integers beyond 2^53 - 1 do not survive JSON: a parser turns 9007199254740993 into …992 before this
 * service sees it, so such a number is refused as it arrives, never passed on changed.
 */
const lostNumber = (what: string) =>
  problem(
    'OUT_OF_RANGE',
    `is a number beyond ${Number.MAX_SAFE_INTEGER}, which JSON does not carry exactly (its digits may already be changed): send ${what} as a string`,
  );

/** The id as SFMC's body carries it (a number when exact, else its digits), or what is wrong with it. */
function contactId(id: string | number): { id: number | string } | { refused: TextProblem } {
  if (typeof id === 'number') {
    if (Number.isInteger(id) && !Number.isSafeInteger(id)) return { refused: lostNumber('the id') };
    id = String(id);
  }
  if (!/^\d{1,19}$/.test(id)) return { refused: problem('INVALID_FORMAT', 'must be a numeric SFMC contact id') };
  // Up to 15 digits is exact as a number, and below the 64-bit limit.
  if (id.length <= 15) {
    const n = Number(id);
    return n === 0 ? { refused: problem('OUT_OF_RANGE', 'must be at least 1') } : { id: n };
  }
  const n = BigInt(id);
  if (n > MAX_CONTACT_ID) {
    return { refused: problem('OUT_OF_RANGE', `must be at most ${MAX_CONTACT_ID} (SFMC contact ids are 64-bit)`) };
  }
  // SFMC's contact ids are numbers; beyond 2^53 their digits keep them exact.
  return { id: n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : String(n) };
}

function contactIdentity(input: UpdateContactInput, problems: Problems): Pick<PatchBody, 'contactKey' | 'contactId'> {
  const key = input.contactKey ?? undefined;
  const id = input.contactId ?? undefined;
  if (key === undefined && id === undefined) {
    problems.add(
      [ROOT, 'contactKey'],
      problem('REQUIRED', 'give contactKey or contactId (or both) to say which contact to update'),
    );
  }
  const identity: Pick<PatchBody, 'contactKey' | 'contactId'> = {};
  if (key !== undefined) {
    const refused = contactKeyProblem(key);
    if (refused !== undefined) problems.add([ROOT, 'contactKey'], refused);
    identity.contactKey = key;
  }
  if (id !== undefined) {
    const checked = contactId(id);
    if ('refused' in checked) problems.add([ROOT, 'contactId'], checked.refused);
    identity.contactId = 'refused' in checked ? String(id) : checked.id;
  }
  return identity;
}

/** The typed attribute of `group` with this SFMC name (SFMC compares names without case). */
const catalogAttribute = (group: CatalogGroup, name: string) =>
  group.attributes.find((a) => a.sfmcName.toLowerCase() === name.toLowerCase());

/**
 * Appends `{ name, value }` inputs to `values`, one each, refused or not (so a value's index is its
 * entry's); paths are built only for a problem. A name given twice (SFMC compares without case) is refused.
 */
function extraValues(
  values: PatchValue[],
  extras: readonly AttributeValueInput[],
  path: () => string[],
  problems: Problems,
  known: (name: string) => boolean,
  group?: CatalogGroup,
): void {
  const seen = extras.length > 1 ? new Set<string>() : undefined;
  for (let i = 0; i < extras.length; i += 1) {
    const { name, value } = extras[i] as AttributeValueInput;
    const at = (field: string) => [...path(), String(i), field];
    values.push({ name, value });
    const nameRefused = nameProblem(name);
    if (nameRefused !== undefined) problems.add(at('name'), nameRefused);
    const valueRefused =
      typeof value === 'string'
        ? valueProblem(value)
        : typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)
          ? lostNumber('the value')
          : undefined;
    if (valueRefused !== undefined) problems.add(at('value'), valueRefused);
    if (nameRefused !== undefined) continue;
    const typed = group && catalogAttribute(group, name);
    if (typed) problems.add(at('name'), problem('USE_TYPED_FIELD', `"${name}" has a typed field: use ${typed.graphqlName}`));
    else if (!known(name))
      problems.add(at('name'), problem('UNKNOWN_ATTRIBUTE', `the data model has no attribute "${name}" here`));
    const lower = name.toLowerCase();
    if (seen?.has(lower)) problems.add(at('name'), problem('DUPLICATE', `attribute "${name}" is given twice`));
    seen?.add(lower);
  }
}

function typedRow(
  catalog: Catalog,
  group: CatalogGroup,
  row: GroupRowInput,
  path: readonly string[],
  problems: Problems,
): PatchItem {
  const values: PatchValue[] = [];
  for (const attribute of group.attributes) {
    const value = row[attribute.graphqlName];
    if (value === undefined) continue;
    const at = () => [...path, attribute.graphqlName];
    if (value === null) {
      if (!attribute.isNullable) problems.add(at(), problem('REQUIRED', 'cannot be cleared (SFMC requires a value)'));
      values.push({ name: attribute.sfmcName, value: null });
      continue;
    }
    if (typeof value === 'string') {
      const refused = valueProblem(
        value,
        attribute.length !== undefined && attribute.length > 0 ? attribute.length : TEXT_LIMITS.value,
      );
      if (refused !== undefined) {
        problems.add(at(), refused);
        values.push({ name: attribute.sfmcName, value });
        continue;
      }
    }
    const checked = coerceValue(attribute.dataType, value as AttributeScalar, attribute.length);
    if (!checked.ok) problems.add(at(), problem(coercionCode(attribute.dataType, checked.reason), checked.reason));
    // As coerced: the same JSON value, but a LongNumber's digits without the blanks around them.
    values.push({ name: attribute.sfmcName, value: checked.ok ? checked.value : (value as AttributeScalar) });
  }
  const extras = row.extraAttributes ?? [];
  const tooMany = listProblem(extras, LIST_LIMITS.valuesPerRow);
  if (tooMany !== undefined) problems.add([...path, 'extraAttributes'], tooMany);
  else {
    const known = (name: string) => catalog.knowsAttribute(group.sfmcName, name);
    extraValues(values, extras, () => [...path, 'extraAttributes'], problems, known, group);
  }
  if (values.length === 0) problems.add([...path], problem('EMPTY', 'has no attributes to write'));
  return { values };
}

function typedSet(catalog: Catalog, group: CatalogGroup, field: unknown, problems: Problems): PatchAttributeSet | undefined {
  if (field === undefined || field === null) return undefined;
  const path = [ROOT, group.graphqlName];
  const rows = group.cardinality === 'MANY' ? (field as readonly GroupRowInput[]) : [field as GroupRowInput];
  if (rows.length === 0) return undefined;
  const tooMany = listProblem(rows, LIST_LIMITS.rows);
  if (tooMany !== undefined) {
    problems.add(path, tooMany);
    return undefined;
  }
  const items = rows.map((row, i) =>
    typedRow(catalog, group, row, group.cardinality === 'MANY' ? [...path, String(i)] : path, problems),
  );
  if (items.length > 1) {
    const keys = group.attributes.filter((a) => a.isPrimaryKey);
    const names = keys.map((a) => a.graphqlName).join(', ');
    repeatedRows(
      items,
      keys.length > 0 ? keys.map((a) => a.sfmcName.toLowerCase()) : undefined,
      (i) => [...path, String(i), ...(keys.length > 0 ? [keys[0]!.graphqlName] : [])],
      (first) =>
        keys.length > 0 ? `has the same ${names} as row ${first} (SFMC compares them without case)` : `repeats row ${first}`,
      problems,
    );
  }
  return { name: group.sfmcName, items };
}

/** How SFMC tells rows apart: names and text without case (its collation), a value by its text whatever its JSON type. */
const folded = (value: AttributeScalar | null) => (value === null ? null : String(value).toLowerCase());

/**
 * Refuses a row that repeats an earlier one of the same set: by the values of `keyNames` (lower case) when the group has a key,
 * else by all its values. SFMC would write one row twice, or keep whichever it happens to read last.
 */
function repeatedRows(
  items: readonly PatchItem[],
  keyNames: readonly string[] | undefined,
  path: (i: number) => string[],
  message: (first: number) => string,
  problems: Problems,
): void {
  const seen = new Map<string, number>();
  for (const [i, item] of items.entries()) {
    const values = item.values
      .map((v) => [v.name.toLowerCase(), folded(v.value)] as const)
      .filter(([name]) => keyNames === undefined || keyNames.includes(name))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // A row without its key is refused on its own (SFMC requires it); it repeats nothing.
    if (keyNames !== undefined && values.length < keyNames.length) continue;
    const identity = JSON.stringify(values);
    const first = seen.get(identity);
    if (first === undefined) seen.set(identity, i);
    else problems.add(path(i), problem('DUPLICATE', message(first)));
  }
}

function genericSet(catalog: Catalog, set: AttributeSetInput, path: readonly string[], problems: Problems): PatchAttributeSet {
  const refused = nameProblem(set.name);
  if (refused !== undefined) problems.add([...path, 'name'], refused);
  const typed = refused === undefined ? catalog.findGroup(set.name) : undefined;
  // A group kept by SFMC has no input field: by name it goes to SFMC, which judges it.
  if (typed?.writable) {
    problems.add([...path, 'name'], problem('USE_TYPED_FIELD', `"${set.name}" has a typed field: use ${typed.graphqlName}`));
  }
  // SFMC would fail the whole update on a set or attribute its model lacks; said here, with where, before sending.
  const knownSet = refused === undefined && catalog.knowsGroup(set.name);
  if (refused === undefined && !knownSet) {
    problems.add([...path, 'name'], problem('UNKNOWN_ATTRIBUTE_SET', `the data model has no attribute set "${set.name}"`));
  }
  // Attributes of a set that is not there are not looked up: the set's own problem says it all.
  const known = (name: string) => !knownSet || catalog.knowsAttribute(set.name, name);
  const items: PatchItem[] = [];
  if (set.items.length === 0) problems.add([...path, 'items'], problem('EMPTY', 'must hold at least one row'));
  const tooMany = listProblem(set.items, LIST_LIMITS.rows);
  if (tooMany !== undefined) {
    problems.add([...path, 'items'], tooMany);
    return { name: set.name, items };
  }
  for (const [i, item] of set.items.entries()) {
    const at = () => [...path, 'items', String(i), 'values'];
    const values: PatchValue[] = [];
    if (item.values.length === 0) problems.add(at(), problem('EMPTY', 'must hold at least one value'));
    const tooManyValues = listProblem(item.values, LIST_LIMITS.valuesPerRow);
    if (tooManyValues !== undefined) problems.add(at(), tooManyValues);
    else extraValues(values, item.values, at, problems, known);
    items.push({ values });
  }
  // This service does not know the key of a group it does not type: a row equal to another (without case) repeats it.
  if (items.length > 1) {
    repeatedRows(
      items,
      undefined,
      (i) => [...path, 'items', String(i)],
      (first) => `repeats row ${first} (SFMC compares without case)`,
      problems,
    );
  }
  return { name: set.name, items };
}

/**
 * Turns a GraphQL `UpdateContactInput` into SFMC's PATCH body, finding every problem
 * SFMC would fail on that can be known before sending (not only the first). Typed groups
 * come first, in catalog order, then `attributeSets` in input order. Values keep their
 * native JSON type (`true` for a Boolean attribute, a number for a number).
 */
export function translateUpdate(catalog: Catalog, input: UpdateContactInput): PatchTranslation {
  const problems = new Problems();
  const identity = contactIdentity(input, problems);
  const attributeSets: PatchAttributeSet[] = [];
  const origins: SetOrigin[] = [];
  for (const group of catalog.groups) {
    const set = typedSet(catalog, group, input[group.graphqlName], problems);
    if (!set) continue;
    attributeSets.push(set);
    const field = input[group.graphqlName];
    origins.push({ group, rows: group.cardinality === 'MANY' ? (field as readonly GroupRowInput[]) : [field as GroupRowInput] });
  }
  const generic = input.attributeSets ?? [];
  const tooMany = listProblem(generic, LIST_LIMITS.attributeSets);
  if (tooMany !== undefined) problems.add([ROOT, 'attributeSets'], tooMany);
  else {
    const seen = generic.length > 1 ? new Set<string>() : undefined;
    for (const [i, set] of generic.entries()) {
      const path = [ROOT, 'attributeSets', String(i)];
      attributeSets.push(genericSet(catalog, set, path, problems));
      origins.push({ index: i });
      const lower = set.name.toLowerCase();
      if (seen?.has(lower)) problems.add([...path, 'name'], problem('DUPLICATE', `attribute set "${set.name}" is given twice`));
      seen?.add(lower);
    }
  }
  // Unless what was given was too much to look at.
  if (attributeSets.length === 0 && !problems.list.some((p) => p.code === 'TOO_MANY')) {
    problems.add([ROOT], problem('EMPTY', 'nothing to update: give at least one attribute group or attributeSets entry'));
  }
  const body: PatchBody = { ...identity, attributeSets };
  return { body, problems: problems.list, pathOf: (place) => pathOf(origins, place) };
}

function pathOf(origins: readonly SetOrigin[], place: BodyPlace): string[] {
  if (typeof place === 'string') return [ROOT, place];
  const origin = origins[place.set];
  if (origin === undefined) return [ROOT];
  if ('index' in origin) {
    const path = [ROOT, 'attributeSets', String(origin.index)];
    if (place.item === undefined) return path;
    path.push('items', String(place.item));
    return place.value === undefined ? path : [...path, 'values', String(place.value)];
  }
  const { group, rows } = origin;
  const path = [ROOT, group.graphqlName];
  if (place.item === undefined) return path;
  if (group.cardinality === 'MANY') path.push(String(place.item));
  if (place.value === undefined) return path;
  // A row's values are its typed attributes as given, in catalog order, then its extraAttributes.
  const row = rows[place.item] ?? {};
  const given = group.attributes.filter((a) => row[a.graphqlName] !== undefined);
  const typed = given[place.value];
  if (typed) return [...path, typed.graphqlName];
  return [...path, 'extraAttributes', String(place.value - given.length)];
}

/** The body of an input that must be valid (benchmarks, fixtures); throws InputError with every problem. */
export function buildPatchBody(catalog: Catalog, input: UpdateContactInput): PatchBody {
  const { body, problems } = translateUpdate(catalog, input);
  if (problems.length > 0) throw new InputError(problems);
  return body;
}

import type { Catalog, CatalogAttribute, CatalogGroup } from '../catalog/index.js';
import { coercedValue, Refused, type AttributeScalar } from '../catalog/data-types.js';
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

/*
 * The translation runs once per mutation, so it allocates little beyond the body: input paths are built only
 * for a problem, from indexes, and its loops over rows and attributes are indexed (until V8 optimizes a
 * function, a for-of loop makes an iterator, and an object per step).
 */

/** No values: what a row without `extraAttributes` holds of them, shared rather than made per row. */
const NO_VALUES: readonly AttributeValueInput[] = [];
const NO_SETS: readonly AttributeSetInput[] = [];

class Problems {
  readonly list: UserError[] = [];

  add(field: string[], problem: TextProblem): void {
    if (this.list.length < MAX_USER_ERRORS) this.list.push({ field, code: problem.code, message: problem.message });
  }

  /** How many problems are reported so far: the mark `placeUnder` takes. */
  get count(): number {
    return this.list.length;
  }

  /**
   * Puts `path` in front of the fields of the problems reported since `mark`. A list of `{ name, value }`
   * inputs is checked without knowing where it is (extraValues): its problems say where within the list,
   * and the caller builds the list's own path only when there is a problem to place.
   */
  placeUnder(mark: number, path: readonly string[]): void {
    for (let i = mark; i < this.list.length; i += 1) {
      const placed = this.list[i]!;
      placed.field = [...path, ...placed.field];
    }
  }
}

const problem = (code: UserErrorCode, message: string): TextProblem => ({ code, message });

/**
 * The code of a value `coercedValue` refused. Its range refusals read "must be between …" and "is out of range";
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
// Made once: a regular expression literal in a function is a new object each time the function runs.
const CONTACT_ID = /^\d{1,19}$/;

/**
 * Integers beyond 2^53 - 1 do not survive JSON: a parser turns 9007199254740993 into …992 before this
 * service sees it, so such a number is refused as it arrives, never passed on changed.
 */
const lostNumber = (what: string) =>
  problem(
    'OUT_OF_RANGE',
    `is a number beyond ${Number.MAX_SAFE_INTEGER}, which JSON does not carry exactly (its digits may already be changed): send ${what} as a string`,
  );

/** The id as SFMC's body carries it (a number when exact, else its digits), or what is wrong with it (an object). */
function contactIdOf(id: string | number): number | string | TextProblem {
  if (typeof id === 'number') {
    if (Number.isInteger(id) && !Number.isSafeInteger(id)) return lostNumber('the id');
    id = String(id);
  }
  if (!CONTACT_ID.test(id)) return problem('INVALID_FORMAT', 'must be a numeric SFMC contact id');
  // Up to 15 digits is exact as a number, and below the 64-bit limit.
  if (id.length <= 15) {
    const n = Number(id);
    return n === 0 ? problem('OUT_OF_RANGE', 'must be at least 1') : n;
  }
  const n = BigInt(id);
  if (n > MAX_CONTACT_ID) return problem('OUT_OF_RANGE', `must be at most ${MAX_CONTACT_ID} (SFMC contact ids are 64-bit)`);
  // SFMC's contact ids are numbers; beyond 2^53 their digits keep them exact.
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : String(n);
}

/**
 * The body, with the contact's key and id as given (each kept as given when refused, left out when not given)
 * and `attributeSets`, in SFMC's order. The contact's problems are reported here, before any set's.
 */
function identifiedBody(input: UpdateContactInput, attributeSets: PatchAttributeSet[], problems: Problems): PatchBody {
  const key = input.contactKey ?? undefined;
  const id = input.contactId ?? undefined;
  if (key === undefined && id === undefined) {
    problems.add(
      [ROOT, 'contactKey'],
      problem('REQUIRED', 'give contactKey or contactId (or both) to say which contact to update'),
    );
  }
  if (key !== undefined) {
    const refused = contactKeyProblem(key);
    if (refused !== undefined) problems.add([ROOT, 'contactKey'], refused);
  }
  if (id === undefined) return key === undefined ? { attributeSets } : { contactKey: key, attributeSets };
  const checked = contactIdOf(id);
  if (typeof checked === 'object') problems.add([ROOT, 'contactId'], checked);
  const contactId = typeof checked === 'object' ? String(id) : checked;
  return key === undefined ? { contactId, attributeSets } : { contactKey: key, contactId, attributeSets };
}

/**
 * The typed attribute of `group` with this SFMC name (SFMC compares names without case), the first in the
 * group's order. The catalog's map answers "none", the usual answer, without lower-casing every attribute's name.
 */
function typedAttribute(catalog: Catalog, group: CatalogGroup, name: string): CatalogAttribute | undefined {
  if (catalog.findAttribute(group, name) === undefined) return undefined;
  const lower = name.toLowerCase();
  return group.attributes.find((a) => a.sfmcName.toLowerCase() === lower);
}

/**
 * Writes `{ name, value }` inputs into `values` from index `start`, one each, refused or not (so a value's
 * index is its entry's). Problems are reported at paths within the list (`["0", "name"]`): the caller places
 * them (Problems.placeUnder). A name given twice (SFMC compares without case) is refused. `modelGroup` is the
 * set whose attributes the model is asked about (none: every name passes); a name `typedGroup` types is refused.
 */
function extraValues(
  values: PatchValue[],
  start: number,
  extras: readonly AttributeValueInput[],
  problems: Problems,
  catalog: Catalog,
  modelGroup: string | undefined,
  typedGroup?: CatalogGroup,
): void {
  const seen = extras.length > 1 ? new Set<string>() : undefined;
  for (let i = 0; i < extras.length; i += 1) {
    const { name, value } = extras[i] as AttributeValueInput;
    values[start + i] = { name, value };
    const nameRefused = nameProblem(name);
    if (nameRefused !== undefined) problems.add([String(i), 'name'], nameRefused);
    const valueRefused =
      typeof value === 'string'
        ? valueProblem(value)
        : typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)
          ? lostNumber('the value')
          : undefined;
    if (valueRefused !== undefined) problems.add([String(i), 'value'], valueRefused);
    if (nameRefused !== undefined) continue;
    const typed = typedGroup && typedAttribute(catalog, typedGroup, name);
    if (typed) {
      problems.add([String(i), 'name'], problem('USE_TYPED_FIELD', `"${name}" has a typed field: use ${typed.graphqlName}`));
    } else if (modelGroup !== undefined && !catalog.knowsAttribute(modelGroup, name)) {
      problems.add([String(i), 'name'], problem('UNKNOWN_ATTRIBUTE', `the data model has no attribute "${name}" here`));
    }
    if (seen === undefined) continue;
    const lower = name.toLowerCase();
    if (seen.has(lower)) problems.add([String(i), 'name'], problem('DUPLICATE', `attribute "${name}" is given twice`));
    seen.add(lower);
  }
}

/** How many rows a typed group's field holds (a ONE group's field is its one row); none when left out or null. */
function rowCount(group: CatalogGroup, field: unknown): number {
  if (field === undefined || field === null) return 0;
  return group.cardinality === 'MANY' ? (field as readonly GroupRowInput[]).length : 1;
}

/** Row `i` of a typed group's field. */
function rowOf(group: CatalogGroup, field: unknown, i: number): GroupRowInput | undefined {
  if (group.cardinality === 'MANY') return (field as readonly GroupRowInput[])[i];
  return i === 0 ? (field as GroupRowInput) : undefined;
}

/**
 * The input path of row `row` of a typed group, or of a field within it (a ONE group's row is the group's
 * field). Paths are built only for a problem, from the group and the row's index.
 */
function rowPath(group: CatalogGroup, row: number, ...within: string[]): string[] {
  return group.cardinality === 'MANY' ? [ROOT, group.graphqlName, String(row), ...within] : [ROOT, group.graphqlName, ...within];
}

/** How many of the group's typed attributes a row gives (null too: it clears one). */
function givenCount(group: CatalogGroup, row: GroupRowInput): number {
  let given = 0;
  for (let a = 0; a < group.attributes.length; a += 1) if (row[group.attributes[a]!.graphqlName] !== undefined) given += 1;
  return given;
}

/** One typed attribute's value of row `row`, checked and as the body carries it. */
function typedValue(
  attribute: CatalogAttribute,
  value: unknown,
  group: CatalogGroup,
  row: number,
  problems: Problems,
): PatchValue {
  const name = attribute.sfmcName;
  if (value === null) {
    if (!attribute.isNullable) {
      problems.add(rowPath(group, row, attribute.graphqlName), problem('REQUIRED', 'cannot be cleared (SFMC requires a value)'));
    }
    return { name, value: null };
  }
  if (typeof value === 'string') {
    const refused = valueProblem(
      value,
      attribute.length !== undefined && attribute.length > 0 ? attribute.length : TEXT_LIMITS.value,
    );
    if (refused !== undefined) {
      problems.add(rowPath(group, row, attribute.graphqlName), refused);
      return { name, value };
    }
  }
  const checked = coercedValue(attribute.dataType, value as AttributeScalar, attribute.length);
  if (checked instanceof Refused) {
    problems.add(
      rowPath(group, row, attribute.graphqlName),
      problem(coercionCode(attribute.dataType, checked.reason), checked.reason),
    );
    return { name, value: value as AttributeScalar };
  }
  // As coerced: the same JSON value, but a LongNumber's digits without the blanks around them.
  return { name, value: checked };
}

function typedRow(catalog: Catalog, group: CatalogGroup, row: GroupRowInput, index: number, problems: Problems): PatchItem {
  const extras = row.extraAttributes ?? NO_VALUES;
  const tooMany = listProblem(extras, LIST_LIMITS.valuesPerRow);
  // Made at its length: V8 would give a [] room for 17 values on its first push.
  const values = new Array<PatchValue>(givenCount(group, row) + (tooMany === undefined ? extras.length : 0));
  let given = 0;
  for (let a = 0; a < group.attributes.length; a += 1) {
    const attribute = group.attributes[a]!;
    const value = row[attribute.graphqlName];
    if (value !== undefined) values[given++] = typedValue(attribute, value, group, index, problems);
  }
  if (tooMany !== undefined) problems.add(rowPath(group, index, 'extraAttributes'), tooMany);
  else if (extras.length > 0) {
    const mark = problems.count;
    extraValues(values, given, extras, problems, catalog, group.sfmcName, group);
    if (problems.count > mark) problems.placeUnder(mark, rowPath(group, index, 'extraAttributes'));
  }
  if (values.length === 0) problems.add(rowPath(group, index), problem('EMPTY', 'has no attributes to write'));
  return { values };
}

function typedSet(catalog: Catalog, group: CatalogGroup, field: unknown, problems: Problems): PatchAttributeSet | undefined {
  const count = rowCount(group, field);
  if (count === 0) return undefined;
  const tooMany = group.cardinality === 'MANY' ? listProblem(field as readonly GroupRowInput[], LIST_LIMITS.rows) : undefined;
  if (tooMany !== undefined) {
    problems.add([ROOT, group.graphqlName], tooMany);
    return undefined;
  }
  // Made at its length, as a row's values.
  const items = new Array<PatchItem>(count);
  for (let i = 0; i < count; i += 1) items[i] = typedRow(catalog, group, rowOf(group, field, i)!, i, problems);
  if (items.length > 1) {
    const keys = group.attributes.filter((a) => a.isPrimaryKey);
    const names = keys.map((a) => a.graphqlName).join(', ');
    repeatedRows(
      items,
      keys.length > 0 ? keys.map((a) => a.sfmcName.toLowerCase()) : undefined,
      (i) => (keys.length > 0 ? rowPath(group, i, keys[0]!.graphqlName) : rowPath(group, i)),
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

/** The input path of entry `set` of `attributeSets`, or of a field within it. */
const setPath = (set: number, ...within: string[]): string[] => [ROOT, 'attributeSets', String(set), ...within];

/** Row `item` of entry `set` of `attributeSets`; `modelGroup` as for extraValues. */
function genericRow(
  catalog: Catalog,
  given: readonly AttributeValueInput[],
  modelGroup: string | undefined,
  set: number,
  item: number,
  problems: Problems,
): PatchItem {
  if (given.length === 0)
    problems.add(setPath(set, 'items', String(item), 'values'), problem('EMPTY', 'must hold at least one value'));
  const tooMany = listProblem(given, LIST_LIMITS.valuesPerRow);
  if (tooMany !== undefined) {
    problems.add(setPath(set, 'items', String(item), 'values'), tooMany);
    return { values: [] };
  }
  // Made at its length, as a typed row's values.
  const values = new Array<PatchValue>(given.length);
  const mark = problems.count;
  extraValues(values, 0, given, problems, catalog, modelGroup);
  if (problems.count > mark) problems.placeUnder(mark, setPath(set, 'items', String(item), 'values'));
  return { values };
}

function genericSet(catalog: Catalog, set: AttributeSetInput, index: number, problems: Problems): PatchAttributeSet {
  const refused = nameProblem(set.name);
  if (refused !== undefined) problems.add(setPath(index, 'name'), refused);
  const typed = refused === undefined ? catalog.findGroup(set.name) : undefined;
  // A group kept by SFMC has no input field: by name it goes to SFMC, which judges it.
  if (typed?.writable) {
    problems.add(setPath(index, 'name'), problem('USE_TYPED_FIELD', `"${set.name}" has a typed field: use ${typed.graphqlName}`));
  }
  // SFMC would fail the whole update on a set or attribute its model lacks; said here, with where, before sending.
  const knownSet = refused === undefined && catalog.knowsGroup(set.name);
  if (refused === undefined && !knownSet) {
    problems.add(setPath(index, 'name'), problem('UNKNOWN_ATTRIBUTE_SET', `the data model has no attribute set "${set.name}"`));
  }
  if (set.items.length === 0) problems.add(setPath(index, 'items'), problem('EMPTY', 'must hold at least one row'));
  const tooMany = listProblem(set.items, LIST_LIMITS.rows);
  if (tooMany !== undefined) {
    problems.add(setPath(index, 'items'), tooMany);
    return { name: set.name, items: [] };
  }
  // Attributes of a set that is not there are not looked up: the set's own problem says it all.
  const modelGroup = knownSet ? set.name : undefined;
  const items = new Array<PatchItem>(set.items.length);
  for (let i = 0; i < set.items.length; i += 1) {
    items[i] = genericRow(catalog, set.items[i]!.values, modelGroup, index, i, problems);
  }
  // This service does not know the key of a group it does not type: a row equal to another (without case) repeats it.
  if (items.length > 1) {
    repeatedRows(
      items,
      undefined,
      (i) => setPath(index, 'items', String(i)),
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
  const attributeSets: PatchAttributeSet[] = [];
  const body = identifiedBody(input, attributeSets, problems);
  for (let g = 0; g < catalog.groups.length; g += 1) {
    const group = catalog.groups[g]!;
    const set = typedSet(catalog, group, input[group.graphqlName], problems);
    if (set) attributeSets.push(set);
  }
  const typedSets = attributeSets.length;
  const generic = input.attributeSets ?? NO_SETS;
  const tooMany = listProblem(generic, LIST_LIMITS.attributeSets);
  if (tooMany !== undefined) problems.add([ROOT, 'attributeSets'], tooMany);
  else {
    const seen = generic.length > 1 ? new Set<string>() : undefined;
    for (let i = 0; i < generic.length; i += 1) {
      const set = generic[i]!;
      attributeSets.push(genericSet(catalog, set, i, problems));
      if (seen === undefined) continue;
      const lower = set.name.toLowerCase();
      if (seen.has(lower)) problems.add(setPath(i, 'name'), problem('DUPLICATE', `attribute set "${set.name}" is given twice`));
      seen.add(lower);
    }
  }
  // Unless what was given was too much to look at.
  if (attributeSets.length === 0 && !problems.list.some((p) => p.code === 'TOO_MANY')) {
    problems.add([ROOT], problem('EMPTY', 'nothing to update: give at least one attribute group or attributeSets entry'));
  }
  // Where each set came from is found again from the input when asked (rarely: for a refusal), not kept per set.
  return { body, problems: problems.list, pathOf: (place) => pathOf(catalog, input, typedSets, attributeSets.length, place) };
}

/** The group the body's set `set` came from, `set` being below the count of typed sets. */
function typedGroupOf(catalog: Catalog, input: UpdateContactInput, set: number): CatalogGroup {
  let before = set;
  for (const group of catalog.groups) {
    // As in typedSet: a group writes a set when it has rows, and not too many to look at.
    const count = rowCount(group, input[group.graphqlName]);
    if (count > 0 && count <= LIST_LIMITS.rows && before-- === 0) return group;
  }
  throw new Error(`no typed group wrote set ${set}`);
}

function pathOf(catalog: Catalog, input: UpdateContactInput, typedSets: number, sets: number, place: BodyPlace): string[] {
  if (typeof place === 'string') return [ROOT, place];
  if (!(Number.isInteger(place.set) && place.set >= 0 && place.set < sets)) return [ROOT];
  if (place.set >= typedSets) {
    const path = setPath(place.set - typedSets);
    if (place.item === undefined) return path;
    path.push('items', String(place.item));
    return place.value === undefined ? path : [...path, 'values', String(place.value)];
  }
  const group = typedGroupOf(catalog, input, place.set);
  const path = [ROOT, group.graphqlName];
  if (place.item === undefined) return path;
  if (group.cardinality === 'MANY') path.push(String(place.item));
  if (place.value === undefined) return path;
  // A row's values are its typed attributes as given, in catalog order, then its extraAttributes.
  const row = rowOf(group, input[group.graphqlName], place.item) ?? {};
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

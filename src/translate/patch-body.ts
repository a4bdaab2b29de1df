import type { Catalog, CatalogGroup } from '../catalog/index.js';
import { coerceValue, type AttributeScalar } from '../catalog/data-types.js';
import { InputError } from '../errors.js';
import {
  LIST_LIMITS,
  TEXT_LIMITS,
  checkContactKey,
  checkListLength,
  checkName,
  nameProblem,
  valueProblem,
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

function contactIdentity(input: UpdateContactInput): Pick<PatchBody, 'contactKey' | 'contactId'> {
  const key = input.contactKey ?? undefined;
  const id = input.contactId ?? undefined;
  if (key === undefined && id === undefined) {
    throw new InputError(ROOT, 'give contactKey or contactId (or both) to say which contact to update');
  }
  if (key !== undefined) checkContactKey(`${ROOT}.contactKey`, key);
  const identity: Pick<PatchBody, 'contactKey' | 'contactId'> = {};
  if (key !== undefined) identity.contactKey = key;
  if (id !== undefined) {
    const digits = String(id);
    if (!/^\d{1,19}$/.test(digits)) throw new InputError(`${ROOT}.contactId`, 'must be a numeric SFMC contact id');
    // SFMC's contact ids are numbers; keep precision beyond 2^53 by sending the digits.
    identity.contactId = Number.isSafeInteger(Number(digits)) ? Number(digits) : digits;
  }
  return identity;
}

/** Refuses a name given twice in one list (SFMC compares names without case): attributes of a row, attribute sets. */
function checkUnique(named: readonly { name: string }[], path: string, what: 'attribute' | 'attribute set' = 'attribute'): void {
  if (named.length < 2) return;
  const seen = new Set<string>();
  for (const { name } of named) {
    const lower = name.toLowerCase();
    if (seen.has(lower)) throw new InputError(path, `${what} "${name}" is given twice`);
    seen.add(lower);
  }
}

/** Appends `{ name, value }` inputs to `values`; paths are built only for a refusal. */
function extraValues(values: PatchValue[], extras: readonly AttributeValueInput[], path: string, group?: CatalogGroup): void {
  checkListLength(path, extras, LIST_LIMITS.valuesPerRow);
  for (let i = 0; i < extras.length; i += 1) {
    const { name, value } = extras[i] as AttributeValueInput;
    const nameRefused = nameProblem(name);
    if (nameRefused !== undefined) throw new InputError(`${path}[${i}].name`, nameRefused);
    const valueRefused = typeof value === 'string' ? valueProblem(value) : undefined;
    if (valueRefused !== undefined) throw new InputError(`${path}[${i}].value`, valueRefused);
    const typed = group?.attributes.find((a) => a.sfmcName.toLowerCase() === name.toLowerCase());
    if (typed) throw new InputError(`${path}[${i}].name`, `"${name}" has a typed field: use ${typed.graphqlName}`);
    values.push({ name, value });
  }
}

function typedRow(group: CatalogGroup, row: GroupRowInput, path: string): PatchItem {
  const values: PatchValue[] = [];
  for (const attribute of group.attributes) {
    const value = row[attribute.graphqlName];
    if (value === undefined) continue;
    const at = () => `${path}.${attribute.graphqlName}`;
    if (value === null) {
      if (!attribute.isNullable) throw new InputError(at(), 'cannot be cleared (SFMC requires a value)');
      values.push({ name: attribute.sfmcName, value: null });
      continue;
    }
    if (typeof value === 'string') {
      const refused = valueProblem(
        value,
        attribute.length !== undefined && attribute.length > 0 ? attribute.length : TEXT_LIMITS.value,
      );
      if (refused !== undefined) throw new InputError(at(), refused);
    }
    const checked = coerceValue(attribute.dataType, value as AttributeScalar, attribute.length);
    if (!checked.ok) throw new InputError(at(), checked.reason);
    // As coerced: the same JSON value, but a LongNumber's digits without the blanks around them.
    values.push({ name: attribute.sfmcName, value: checked.value });
  }
  extraValues(values, row.extraAttributes ?? [], `${path}.extraAttributes`, group);
  checkUnique(values, `${path}.extraAttributes`);
  if (values.length === 0) throw new InputError(path, 'has no attributes to write');
  return { values };
}

function typedSet(group: CatalogGroup, field: unknown): PatchAttributeSet | undefined {
  if (field === undefined || field === null) return undefined;
  const path = `${ROOT}.${group.graphqlName}`;
  const rows = group.cardinality === 'MANY' ? (field as readonly GroupRowInput[]) : [field as GroupRowInput];
  if (rows.length === 0) return undefined;
  checkListLength(path, rows, LIST_LIMITS.rows);
  const items = rows.map((row, i) => typedRow(group, row, group.cardinality === 'MANY' ? `${path}[${i}]` : path));
  return { name: group.sfmcName, items };
}

function genericSet(catalog: Catalog, set: AttributeSetInput, path: string): PatchAttributeSet {
  checkName(`${path}.name`, set.name);
  const typed = catalog.findGroup(set.name);
  if (typed) throw new InputError(`${path}.name`, `"${set.name}" has a typed field: use ${typed.graphqlName}`);
  if (set.items.length === 0) throw new InputError(`${path}.items`, 'must hold at least one row');
  checkListLength(`${path}.items`, set.items, LIST_LIMITS.rows);
  const items = set.items.map((item, i) => {
    const at = `${path}.items[${i}].values`;
    if (item.values.length === 0) throw new InputError(at, 'must hold at least one value');
    const values: PatchValue[] = [];
    extraValues(values, item.values, at);
    checkUnique(values, at);
    return { values };
  });
  return { name: set.name, items };
}

/**
 * Turns a GraphQL `UpdateContactInput` into SFMC's PATCH body, refusing anything
 * SFMC would fail on that can be known before sending. Typed groups come first, in
 * catalog order, then `attributeSets` in input order. Values keep their native JSON
 * type (`true` for a Boolean attribute, a number for a number).
 */
export function buildPatchBody(catalog: Catalog, input: UpdateContactInput): PatchBody {
  const identity = contactIdentity(input);
  const attributeSets: PatchAttributeSet[] = [];
  for (const group of catalog.groups) {
    const set = typedSet(group, input[group.graphqlName]);
    if (set) attributeSets.push(set);
  }
  const generic = input.attributeSets ?? [];
  checkListLength(`${ROOT}.attributeSets`, generic, LIST_LIMITS.attributeSets);
  for (const [i, set] of generic.entries()) attributeSets.push(genericSet(catalog, set, `${ROOT}.attributeSets[${i}]`));
  checkUnique(generic, `${ROOT}.attributeSets`, 'attribute set');
  if (attributeSets.length === 0) {
    throw new InputError(ROOT, 'nothing to update: give at least one attribute group or attributeSets entry');
  }
  return { ...identity, attributeSets };
}

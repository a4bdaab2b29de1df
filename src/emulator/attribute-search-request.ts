import { coerceValue, type AttributeScalar } from '../catalog/data-types.js';
import type { Catalog, CatalogAttribute, CatalogGroup } from '../catalog/index.js';
import { invalidValue, missingRequiredField } from './gateway-errors.js';
import type { JsonReply } from './http-json.js';
import { isJsonObject } from '../json-object.js';
import { array, parseJsonBody, present, Refusal, record, scalar, string, type Parsed } from './json-request.js';
import { attributeId } from './stable-ids.js';

/**
 * The body of POST /contacts/v1/attributes/search (SFMC's search route), checked against
 * the tenant model. SFMC documents neither the route's rules nor its errors, so the
 * emulator refuses anything it cannot answer exactly with the gateway's 400s: 10002
 * when a field is missing, 10005 when a value is wrong.
 */

/** How the response names an attribute. */
interface Described {
  id: string;
  /** "Set name.Attribute name", spelled as the model spells it. */
  key: string;
  name: string;
}

/** An attribute of the `Contact` pseudo-set, which is the contact itself, or of one of the model's sets. */
export type SearchAttribute =
  | (Described & { kind: 'contactKey' | 'contactId' })
  | (Described & { kind: 'set'; group: CatalogGroup; attribute: CatalogAttribute });

/** `Equals` is `In` with one item. */
export interface SearchCondition {
  attribute: SearchAttribute;
  operator: 'Equals' | 'In';
  /** Normalised for comparison with the stored values; an item that fits no stored value is left out. */
  items: readonly AttributeScalar[];
}

export interface AttributeSearch {
  attributes: SearchAttribute[];
  operator: 'And' | 'Or';
  conditions: SearchCondition[];
  /** Whether a condition uses `In` (EMULATOR_SEARCH_IN=refuse answers it with a 400). */
  usesIn: boolean;
}

/**
 * What SFMC might answer a search using `In`, should it not support it: the gateway's 400, its
 * message naming the operator. A guess (SFMC documents no such refusal) that tests the fallback.
 */
export const inOperatorRefused = (): JsonReply => ({
  status: 400,
  body: { message: "Operator 'In' is not supported", errorcode: 10005, documentation: '' },
});

export const CONTACT_SET = 'Contact';
const CONTACT_ATTRIBUTES = [
  { name: 'Contact Key', kind: 'contactKey' },
  { name: 'Contact ID', kind: 'contactId' },
] as const;

const SET_OPERATORS = ['And', 'Or'] as const;
const CONDITION_OPERATORS = ['Equals', 'In'] as const;

const refuseValue = (): never => {
  throw new Refusal(invalidValue());
};

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

const described = (setName: string, name: string, id?: string): Described => {
  const key = `${setName}.${name}`;
  return { id: id ?? attributeId(key), key, name };
};

/** Resolves "Set name.Attribute name", without regard to case like the rest of SFMC's names. */
function searchAttribute(model: Catalog, key: string): SearchAttribute {
  const dot = key.indexOf('.');
  if (dot < 0) return refuseValue();
  const setName = key.slice(0, dot);
  const name = key.slice(dot + 1);
  if (sameName(setName, CONTACT_SET)) {
    const field = CONTACT_ATTRIBUTES.find((a) => sameName(a.name, name)) ?? refuseValue();
    return { kind: field.kind, ...described(CONTACT_SET, field.name) };
  }
  const group = model.findGroup(setName) ?? refuseValue();
  const attribute = model.findAttribute(group, name) ?? refuseValue();
  return { kind: 'set', group, attribute, ...described(group.sfmcName, attribute.sfmcName, attribute.id) };
}

function attributeKey(model: Catalog, value: unknown): SearchAttribute {
  return searchAttribute(model, string(present(record(value, invalidValue).key), invalidValue));
}

function operator<T extends string>(value: unknown, known: readonly T[]): T {
  const given = string(present(value), invalidValue);
  return known.find((name) => sameName(name, given)) ?? refuseValue();
}

function contactIdItem(item: AttributeScalar): number {
  if (typeof item === 'number' && Number.isSafeInteger(item) && item >= 0) return item;
  if (typeof item === 'string' && /^\d{1,15}$/.test(item)) return Number(item);
  return refuseValue();
}

/**
 * Items as the store holds values: coerced to the attribute's data type. An item that
 * does not coerce (an address that is no email address) matches nothing rather than
 * failing, as a search on text would.
 */
function normalisedItems(attribute: SearchAttribute, items: AttributeScalar[]): AttributeScalar[] {
  switch (attribute.kind) {
    case 'contactKey':
      return items.map(String);
    case 'contactId':
      return items.map(contactIdItem);
    case 'set':
      return items.flatMap((item) => {
        const coerced = coerceValue(attribute.attribute.dataType, item);
        return coerced.ok ? [coerced.value] : [];
      });
  }
}

function condition(model: Catalog, value: unknown): SearchCondition {
  const given = record(value, invalidValue);
  const attribute = attributeKey(model, present(given.attribute));
  const kind = operator(given.operator, CONDITION_OPERATORS);
  const items = array(present(record(present(given.value), invalidValue).items), invalidValue).map((item) =>
    scalar(item, invalidValue),
  );
  if (items.length === 0 || (kind === 'Equals' && items.length !== 1)) refuseValue();
  return { attribute, operator: kind, items: normalisedItems(attribute, items) };
}

function readAttributeSearch(model: Catalog, body: unknown): AttributeSearch {
  if (!isJsonObject(body)) throw new Refusal(missingRequiredField());
  const requested = array(present(record(present(body.request), invalidValue).attributes), invalidValue);
  const attributes = requested.map((entry) => attributeKey(model, entry));
  // A repeated attribute would break the rule that a repeated key starts a new row.
  if (attributes.length === 0 || new Set(attributes.map((a) => a.key)).size < attributes.length) refuseValue();

  const conditionSet = record(present(body.conditionSet), invalidValue);
  const setOperator = operator(conditionSet.operator, SET_OPERATORS);
  // Nested sets are not emulated; an empty list is what clients send.
  const nested = conditionSet.conditionSets;
  if (nested !== undefined && nested !== null && array(nested, invalidValue).length > 0) refuseValue();
  const conditions = array(present(conditionSet.conditions), invalidValue).map((c) => condition(model, c));
  if (conditions.length === 0) refuseValue();
  return { attributes, operator: setOperator, conditions, usesIn: conditions.some((c) => c.operator === 'In') };
}

export const parseAttributeSearch = (text: string, model: Catalog): Parsed<AttributeSearch> =>
  parseJsonBody(text, (body) => readAttributeSearch(model, body));

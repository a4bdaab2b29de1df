import type { AttributeScalar } from '../catalog/data-types.js';
import { invalidDataType, missingRequiredField } from './gateway-errors.js';
import { array, parseJsonBody, Refusal, record, scalar, string, type Parsed } from './json-request.js';
import { isJsonObject } from '../json-object.js';

/**
 * The structural check of a PATCH /contacts/v1/contacts body. A body of the wrong
 * shape is refused by SFMC's gateway with a 400; only a well-formed body reaches
 * the semantic checks, whose failures are HTTP 200 with `operationStatus: FAIL`.
 */

export interface PatchValue {
  name: string;
  /** null clears the attribute. */
  value: AttributeScalar | null;
}

export interface PatchItem {
  values: PatchValue[];
}

export interface PatchSet {
  name: string;
  items: PatchItem[];
}

export interface PatchRequest {
  contactKey?: string;
  /** Decimal digits: SFMC's ids are 64-bit, beyond what a JSON number holds exactly. */
  contactId?: string;
  attributeSets: PatchSet[];
}

/** Absent, null and "" all mean "not given", as clients send `contactId: null` alongside a key. */
function contactKey(value: unknown): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : string(value, invalidDataType);
}

const INT64_MAX = 9_223_372_036_854_775_807n;

/**
 * SFMC's docs type the id as a string and its examples send a number: both are accepted, a
 * number while it is exact, a string of digits up to 64 bits (16 digits and more included).
 */
function contactId(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= INT64_MAX) return BigInt(value).toString();
  throw new Refusal(invalidDataType());
}

function patchSet(value: unknown): PatchSet {
  const set = record(value, invalidDataType);
  return {
    name: string(set.name, invalidDataType),
    items: array(set.items, invalidDataType).map((item) => ({
      values: array(record(item, invalidDataType).values, invalidDataType).map((entry) => {
        const pair = record(entry, invalidDataType);
        const value = pair.value === null ? null : scalar(pair.value, invalidDataType);
        return { name: string(pair.name, invalidDataType), value };
      }),
    })),
  };
}

function readPatchRequest(body: unknown): PatchRequest {
  if (!isJsonObject(body) || !Array.isArray(body.attributeSets)) throw new Refusal(missingRequiredField());
  const key = contactKey(body.contactKey);
  // The docs' table spells `contactID`, their example `contactId`.
  const id = contactId(body.contactID ?? body.contactId);
  return {
    ...(key !== undefined ? { contactKey: key } : {}),
    ...(id !== undefined ? { contactId: id } : {}),
    attributeSets: body.attributeSets.map(patchSet),
  };
}

export const parsePatchRequest = (text: string): Parsed<PatchRequest> => parseJsonBody(text, readPatchRequest);

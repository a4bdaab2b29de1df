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
  /** A number, or digits beyond 2^53. */
  contactId?: number | string;
  attributeSets: PatchSet[];
}

/** Absent, null and "" all mean "not given", as clients send `contactId: null` alongside a key. */
function contactKey(value: unknown): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : string(value, invalidDataType);
}

/** SFMC's contact ids are 64-bit. */
const MAX_CONTACT_ID = 9223372036854775807n;

/**
 * SFMC's docs type the id as a string and its examples send a number: both are accepted, a string up to
 * the 64-bit limit. Beyond 2^53 it stays digits (no emulated contact has such an id: they count from 1).
 */
function contactId(value: unknown): number | string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{1,19}$/.test(value)) {
    const id = BigInt(value);
    if (id <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(id);
    if (id <= MAX_CONTACT_ID) return String(id);
  }
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

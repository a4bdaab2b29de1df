import type { AttributeScalar } from '../catalog/data-types.js';
import { invalidDataType, invalidMessageFormat, missingRequiredField } from './gateway-errors.js';
import type { JsonReply } from './http-json.js';

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
  contactId?: number;
  attributeSets: PatchSet[];
}

export type ParsedPatch = { ok: true; request: PatchRequest } | { ok: false; reply: JsonReply };

class WrongShape extends Error {}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function record(value: unknown): Json {
  if (!isRecord(value)) throw new WrongShape();
  return value;
}

function array(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new WrongShape();
  return value;
}

function string(value: unknown): string {
  if (typeof value !== 'string') throw new WrongShape();
  return value;
}

/** Absent, null and "" all mean "not given", as clients send `contactId: null` alongside a key. */
function contactKey(value: unknown): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : string(value);
}

/** SFMC's docs type the id as a string and its examples send a number: both are accepted. */
function contactId(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  throw new WrongShape();
}

function attributeValue(value: unknown): AttributeScalar | null {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  throw new WrongShape();
}

function patchSet(value: unknown): PatchSet {
  const set = record(value);
  return {
    name: string(set.name),
    items: array(set.items).map((item) => ({
      values: array(record(item).values).map((entry) => {
        const pair = record(entry);
        return { name: string(pair.name), value: attributeValue(pair.value) };
      }),
    })),
  };
}

export function parsePatchRequest(text: string): ParsedPatch {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, reply: invalidMessageFormat() };
  }
  if (!isRecord(body) || !Array.isArray(body.attributeSets)) return { ok: false, reply: missingRequiredField() };
  try {
    const key = contactKey(body.contactKey);
    // The docs' table spells `contactID`, their example `contactId`.
    const id = contactId(body.contactID ?? body.contactId);
    return {
      ok: true,
      request: {
        ...(key !== undefined ? { contactKey: key } : {}),
        ...(id !== undefined ? { contactId: id } : {}),
        attributeSets: body.attributeSets.map(patchSet),
      },
    };
  } catch (error) {
    if (error instanceof WrongShape) return { ok: false, reply: invalidDataType() };
    throw error;
  }
}

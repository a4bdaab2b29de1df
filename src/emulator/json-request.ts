import type { AttributeScalar } from '../catalog/data-types.js';
import { invalidMessageFormat, missingRequiredField } from './gateway-errors.js';
import type { JsonReply } from './http-json.js';

/**
 * Reading a JSON request body the way SFMC's gateway does: text that is not JSON is
 * 400 Invalid Message Format, and a body of the wrong shape is refused with the 400
 * its reader throws, before any route logic runs.
 */

import { isJsonObject, type JsonObject } from '../json-object.js';

export type Json = JsonObject;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reply: JsonReply };

/** Thrown by a body reader to refuse the body with `reply`. */
export class Refusal extends Error {
  constructor(readonly reply: JsonReply) {
    super(`request body refused with ${reply.status}`);
  }
}

/** Parses `text` and hands the JSON to `read`, which throws a Refusal for a body of the wrong shape. */
export function parseJsonBody<T>(text: string, read: (body: unknown) => T): Parsed<T> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, reply: invalidMessageFormat() };
  }
  try {
    return { ok: true, value: read(body) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reply: error.reply };
    throw error;
  }
}

/** The reply a reader refuses a value of the wrong type with; routes differ (10001 or 10005). */
type WrongType = () => JsonReply;

/** `value`, unless it is absent or null: then 400 Missing Required Field. */
export function present(value: unknown): unknown {
  if (value === undefined || value === null) throw new Refusal(missingRequiredField());
  return value;
}

export function record(value: unknown, wrong: WrongType): Json {
  if (!isJsonObject(value)) throw new Refusal(wrong());
  return value;
}

export function array(value: unknown, wrong: WrongType): unknown[] {
  if (!Array.isArray(value)) throw new Refusal(wrong());
  return value;
}

export function string(value: unknown, wrong: WrongType): string {
  if (typeof value !== 'string') throw new Refusal(wrong());
  return value;
}

export function scalar(value: unknown, wrong: WrongType): AttributeScalar {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw new Refusal(wrong());
  return value;
}

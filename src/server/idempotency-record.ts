import { createHash } from 'node:crypto';
import type { Caller } from '../auth/caller.js';
import type { UpdateContactResult } from '../translate/update-result.js';

/**
 * The parts of `Idempotency-Key` handling that are plain data (the IETF httpapi draft's
 * semantics): reading the header, the record's key in the state store (the caller's scope
 * and the key), the request's fingerprint (what a reuse of the key is compared by) and the
 * records themselves. `idempotency.ts` runs them against the store.
 */

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Set to `true` on a replayed answer. */
export const REPLAYED_HEADER = 'idempotent-replayed';

export interface IdempotencySettings {
  /** How long a final answer is kept and replayed (IDEMPOTENCY_TTL_SECONDS). */
  ttlMs: number;
  /** How long a request waits for another with the same key before IDEMPOTENCY_KEY_IN_FLIGHT (IDEMPOTENCY_WAIT_MS). */
  waitMs: number;
  /**
   * How long an in-flight marker holds the key: longer than any request runs, so that the
   * marker of an instance that died mid-request frees the key on its own.
   */
  inFlightMs: number;
}

export const DEFAULT_IDEMPOTENCY: IdempotencySettings = { ttlMs: 86_400_000, waitMs: 5_000, inFlightMs: 20_000 };

/**
 * Printable ASCII without quotes and backslashes, 1 to 255 characters, as the draft's example
 * keys (UUIDs and the like) are: a quoted key and the same key bare are then one key.
 */
const KEY = /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,255}$/;

/**
 * The key a header value names, or undefined when it is no valid key. The draft sends it
 * as a Structured Field string (`"8e03978e-…"`); a bare token is accepted as the same key.
 */
export function parseIdempotencyKey(header: string): string | undefined {
  const trimmed = header.trim();
  const quoted = /^"([^"\\]*)"$/.exec(trimmed);
  const key = quoted ? quoted[1] : trimmed;
  return key !== undefined && key.trim() !== '' && KEY.test(key) ? key : undefined;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * Whose keys a record belongs to: the verified subject, so that two callers' keys never
 * meet. Without caller authentication (AUTH_MODE=off) every caller shares one scope.
 */
export function callerScope(caller: Caller): string {
  return caller.kind === 'user' ? `user:${caller.subject}` : 'shared';
}

/** The record's key in the state store: hashed, so the store holds neither subjects nor keys. */
export function recordKey(scope: string, key: string): string {
  return `idempotency:${sha256(`${scope}\n${key}`)}`;
}

/** Beside a record's key: the fingerprint of an attempt whose outcome was UNKNOWN, so that its resend verifies first. */
export const unsettledKey = (record: string) => `${record}:unsettled`;

/**
 * Beside an unsettled marker: the items of a batch (`updateContacts`) whose attempt was not final,
 * so that its resend answers the final ones as they were and sends only the others.
 */
export const batchItemsKey = (record: string) => `${record}:items`;

/** A batch's items as stored; undefined for anything else (then every item is sent again, reading UNKNOWN ones back). */
export function decodeBatchItems(text: string): UpdateContactResult[] | undefined {
  try {
    const items: unknown = JSON.parse(text);
    const readable = (item: unknown) => typeof item === 'object' && item !== null && 'operationStatus' in item;
    if (Array.isArray(items) && items.every(readable)) return items as UpdateContactResult[];
  } catch {
    // Not JSON: not a batch's items.
  }
  return undefined;
}

/** `JSON.stringify`'s replacer: an object whose keys are out of order is written as a copy with them sorted. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  let ordered = true;
  for (let i = 1; i < keys.length && ordered; i += 1) ordered = (keys[i - 1] as string) <= (keys[i] as string);
  if (ordered) return value;
  const copy: Record<string, unknown> = {};
  for (const key of keys.sort()) copy[key] = (value as Record<string, unknown>)[key];
  return copy;
}

/**
 * JSON with every object's keys sorted, so that variables compare by value, not by the order they
 * were written in. Through `JSON.stringify` (measured: a third of the time of building the text by hand).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, sortedKeys) ?? 'null';
}

/** What a reuse of a key must match: the document (`documentHash`: a hash of its text), the operation and the variables. */
export function fingerprint(documentHash: string, operationName: string | null | undefined, variables: unknown): string {
  return sha256(`${documentHash}\n${operationName ?? ''}\n${canonicalJson(variables ?? {})}`);
}

/** A hash of a document's text. */
export const documentHash = (text: string) => sha256(text);

/** What the store holds under a record's key: an attempt in flight, or the final answer to replay. */
export type IdempotencyRecord =
  | { state: 'in-flight'; fingerprint: string }
  | {
      state: 'done';
      fingerprint: string;
      /** The request's outcome for its log line (`OK`, `FAIL`, …). */
      outcome: string | undefined;
      /** The execution result, as JSON: it is answered again as it was. */
      result: { data: unknown };
    };

export const encodeRecord = (record: IdempotencyRecord): string => JSON.stringify(record);

/** The record a stored value holds; undefined for anything else (a store shared with an older version, say). */
export function decodeRecord(text: string): IdempotencyRecord | undefined {
  try {
    const record = JSON.parse(text) as Partial<IdempotencyRecord>;
    if (typeof record.fingerprint !== 'string') return undefined;
    if (record.state === 'in-flight') return record as IdempotencyRecord;
    if (record.state === 'done' && typeof record.result === 'object' && record.result !== null)
      return record as IdempotencyRecord;
  } catch {
    // Not JSON: not a record.
  }
  return undefined;
}

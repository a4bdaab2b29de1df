import { randomUUID } from 'node:crypto';
import { invalidValue, objectNotFound } from './gateway-errors.js';
import type { JsonReply } from './http-json.js';
import { array, parseJsonBody, present, record, Refusal, string, type Json } from './json-request.js';
import { responseDateTime } from './local-time.js';
import type { ContactStore } from './store.js';

/**
 * SFMC's contact deletion and restriction (`…/actions/delete?type=keys`, `…/actions/restrict?type=keys`
 * and their status routes) as queued operations. SFMC processes one at a time and a deletion takes
 * hours; here nothing moves until the test says so (`advance`, `POST /__emulator/operations/advance`),
 * one step of the oldest unfinished operation at a time:
 *
 * - a deletion: Pending → suppressed (phase 1 Completed, no background operation yet) → deleting
 *   (background `Processing`) → deleted (background `Completed`; the contacts leave the store). One
 *   whose keys name no contact at suppression ends there as background `Invalid`. `restore` (in
 *   suppression or deletion) ends it as `Aborted`, the contacts back.
 * - a restriction: Pending → Completed (`isRestrictedForProcessing`); later PATCHes of its contacts FAIL.
 */

export type OperationKind = 'delete' | 'restrict';
type Deletion = 'Processing' | 'Completed' | 'Aborted' | 'Invalid';

interface EmulatedOperation {
  id: number;
  kind: OperationKind;
  keys: string[];
  suppression: 'Pending' | 'Completed';
  deletion?: Deletion;
  createdAt: Date;
}

/** SFMC's example tenant keeps deleted contacts restorable this long. */
export const RESTORABLE_DAYS = 14;
/** SFMC takes up to a million keys per request. */
const MAX_KEYS = 1_000_000;

const isFinal = (op: EmulatedOperation): boolean =>
  op.kind === 'restrict' ? op.suppression === 'Completed' : op.deletion !== undefined && op.deletion !== 'Processing';

/** The keys of a request body: `values` (the delete's documented spelling) or `Values` (the restrict's). */
function readKeys(body: unknown): string[] {
  const json: Json = record(body, invalidValue);
  const values = array(present(json.values ?? json.Values), invalidValue);
  if (values.length === 0 || values.length > MAX_KEYS) throw new Refusal(invalidValue());
  return values.map((v) => string(v, invalidValue));
}

export class OperationQueue {
  /** By `kind:id`: deletions and restrictions number their operations apart (a guess; SFMC has two status routes). */
  private readonly operations = new Map<string, EmulatedOperation>();
  private readonly nextId: Record<OperationKind, number> = { delete: 1, restrict: 1 };

  constructor(private readonly store: ContactStore) {}

  /** `POST …/actions/{delete|restrict}?type=keys`: queues the operation and answers its id. */
  request(kind: OperationKind, bodyText: string, query: URLSearchParams): JsonReply {
    if (query.get('type') !== 'keys') return invalidValue();
    const parsed = parseJsonBody(bodyText, readKeys);
    if (!parsed.ok) return parsed.reply;
    const id = this.nextId[kind]++;
    this.operations.set(`${kind}:${id}`, { id, kind, keys: parsed.value, suppression: 'Pending', createdAt: new Date() });
    return {
      status: 200,
      body: {
        operationInitiated: true,
        operationID: id,
        requestServiceMessageID: randomUUID(),
        resultMessages: [],
        serviceMessageID: randomUUID(),
      },
    };
  }

  /** `GET …/actions/{delete|restrict}/status?operationID=`: both phases; an unknown id is Object Not Found. */
  status(kind: OperationKind, query: URLSearchParams): JsonReply {
    const raw = query.get('operationID') ?? '';
    if (!/^\d{1,15}$/.test(raw)) return invalidValue();
    const op = this.operations.get(`${kind}:${Number(raw)}`);
    if (op === undefined) return objectNotFound();
    const background =
      op.deletion === undefined
        ? []
        : [{ backgroundOperationID: op.id, createdDate: op.createdAt.toISOString(), backgroundOperationStatusID: op.deletion }];
    const operation =
      kind === 'delete'
        ? { deleteType: 'ContactAndAttributes', operationID: op.id }
        : { isRestrictedForProcessing: op.suppression === 'Completed', operationID: op.id };
    return {
      status: 200,
      body: {
        operationMappings: [],
        backgroundOperationsSummary: background,
        numberofRestorableDays: RESTORABLE_DAYS,
        operation: {
          ...operation,
          status: op.suppression,
          lastProcessedMilestone: op.suppression,
          errorsOccurredInBatchProcess: false,
        },
        requestServiceMessageID: randomUUID(),
        responseDateTime: responseDateTime(new Date()),
        resultMessages: [],
        serviceMessageID: randomUUID(),
      },
    };
  }

  /** Moves the oldest unfinished operation `steps` steps on, one at a time; answers how many were taken (fewer when the queue ran dry). */
  advance(steps = 1): number {
    let taken = 0;
    while (taken < steps) {
      const head = [...this.operations.values()].find((op) => !isFinal(op));
      if (head === undefined) break;
      this.step(head);
      taken += 1;
    }
    return taken;
  }

  /** Restores a deletion not yet deleted (SFMC's restore within the window): Aborted, contacts back. */
  restore(operationId: number): boolean {
    const op = this.operations.get(`delete:${operationId}`);
    if (op === undefined || op.suppression !== 'Completed' || (op.deletion !== undefined && op.deletion !== 'Processing')) {
      return false;
    }
    op.deletion = 'Aborted';
    for (const key of op.keys) this.store.suppressed.delete(key);
    return true;
  }

  /** Every operation, for the admin route. */
  list(): unknown[] {
    return [...this.operations.values()].map((op) => ({ ...op, createdAt: op.createdAt.toISOString() }));
  }

  clear(): void {
    this.operations.clear();
    this.nextId.delete = 1;
    this.nextId.restrict = 1;
  }

  private step(op: EmulatedOperation): void {
    const existing = op.keys.filter((key) => this.store.findByKey(key) !== undefined);
    if (op.suppression === 'Pending') {
      op.suppression = 'Completed';
      if (op.kind === 'restrict') {
        for (const key of existing) this.store.restricted.add(key);
      } else if (existing.length === 0) {
        op.deletion = 'Invalid';
      } else {
        for (const key of existing) this.store.suppressed.add(key);
      }
    } else if (op.deletion === undefined) {
      op.deletion = 'Processing';
    } else {
      for (const key of existing) this.store.remove(key);
      op.deletion = 'Completed';
    }
  }
}

/** A whole number in a range from an admin body's field, or undefined. */
function wholeNumber(body: unknown, field: string, max: number): number | undefined {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max ? value : undefined;
}

const parsedOrEmpty = (text: string): unknown => {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** `POST /__emulator/operations/advance` `{"steps": n}` (default 1): answers `{"steps": taken}`. */
export function advanceReply(queue: OperationQueue, bodyText: string): JsonReply {
  const body = parsedOrEmpty(bodyText);
  const given = typeof body === 'object' && body !== null && 'steps' in body;
  const steps = given ? wholeNumber(body, 'steps', 10_000) : 1;
  if (steps === undefined) return invalidValue();
  return { status: 200, body: { steps: queue.advance(steps) } };
}

/** `POST /__emulator/operations/restore` `{"operationID": n}`: 204, or 404 when that deletion cannot be restored. */
export function restoreReply(queue: OperationQueue, bodyText: string): JsonReply {
  const operationId = wholeNumber(parsedOrEmpty(bodyText), 'operationID', Number.MAX_SAFE_INTEGER);
  if (operationId === undefined) return invalidValue();
  return queue.restore(operationId) ? { status: 204 } : objectNotFound();
}

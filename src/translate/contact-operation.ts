import type { UserError } from '../errors.js';
import { contactKeyProblem } from './input-text.js';

/**
 * Deletion and restriction of contacts as SFMC runs them: queued operations with an id, whose
 * status route reports two phases (suppression, then deletion). Pure: request bodies, the answer
 * to a request, and the mapping of a status answer onto one status a client can show.
 */

/** Which operation: a deletion (suppressed, then deleted after the restore window) or a restriction of processing. */
export type ContactOperationKind = 'DELETE' | 'RESTRICT';

/**
 * One status for both of SFMC's phases. QUEUED: phase 1 (suppression) pending. SUPPRESSED: phase 1
 * done, phase 2 (deletion) not started (restorable). DELETING: phase 2 running. DELETED: done.
 * ABORTED: the contacts were restored. INVALID: SFMC declared the operation invalid. RESTRICTED:
 * a restriction in effect.
 */
export type ContactOperationStatus = 'QUEUED' | 'SUPPRESSED' | 'DELETING' | 'DELETED' | 'ABORTED' | 'INVALID' | 'RESTRICTED';

/** Contact keys one request may name (SFMC takes up to a million; this service caps what one caller sends at once). */
export const MAX_OPERATION_KEYS = 100;

/** `DeleteOperationType`: the contact and its attribute data, as the issue asks (SFMC also knows `ContactOnly`). */
export const DELETE_OPERATION_TYPE = 'ContactAndAttributes';

/** The body of `POST …/actions/delete?type=keys` or `…/actions/restrict?type=keys`. */
export function operationRequestBody(kind: ContactOperationKind, contactKeys: readonly string[]): Record<string, unknown> {
  return kind === 'DELETE'
    ? { values: [...contactKeys], DeleteOperationType: DELETE_OPERATION_TYPE }
    : { Values: [...contactKeys] };
}

/** SFMC's answer to a delete or restrict request: an operation id, or why not. */
export type OperationRequestAnswer =
  | { initiated: true; operationId: string; requestServiceMessageId: string | null }
  | { initiated: false; messages: string[]; requestServiceMessageId: string | null };

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** An operation id as SFMC gives it: a positive whole number (or its decimal digits). */
function operationIdOf(v: unknown): string | null {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return String(v);
  return typeof v === 'string' && /^[1-9]\d{0,17}$/.test(v) ? v : null;
}

function messagesOf(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v
    .map((m) => (isRaw(m) ? (str(m.message) ?? str(m.resultCode)) : str(m)))
    .filter((m): m is string => m !== null && m !== '');
}

/** Reads `{"operationInitiated": true, "operationID": 2, …}`; anything without an id is a refusal. */
export function readOperationRequest(answer: unknown): OperationRequestAnswer {
  const raw = isRaw(answer) ? answer : {};
  const requestServiceMessageId = str(raw.requestServiceMessageID);
  const operationId = operationIdOf(raw.operationID ?? raw.operationId);
  if (raw.operationInitiated === true && operationId !== null) return { initiated: true, operationId, requestServiceMessageId };
  const messages = messagesOf(raw.resultMessages);
  if (messages.length === 0) messages.push('SFMC did not initiate the operation.');
  return { initiated: false, messages, requestServiceMessageId };
}

/** Phase 1's documented values (`operation.status`). */
export const SUPPRESSION_VALUES = ['Pending', 'Completed'] as const;
/**
 * Phase 2's documented values (`backgroundOperationsSummary[].backgroundOperationStatusID`): three final
 * ones, and `Processing`, the value SFMC's example shows for "still processing" (any other value means that too).
 */
export const DELETION_VALUES = ['Processing', 'Completed', 'Aborted', 'Invalid'] as const;

/** What one status answer says. `undocumented`: a value outside the documented ones, read as still processing. */
export interface OperationState {
  status: ContactOperationStatus;
  restorableDays: number | null;
  undocumented?: string;
}

const FINAL_DELETION: Readonly<Record<string, ContactOperationStatus>> = {
  Completed: 'DELETED',
  Aborted: 'ABORTED',
  Invalid: 'INVALID',
  Processing: 'DELETING',
};

/** The latest background operation's status value (by `createdDate`, else the last listed), or null when none started. */
function deletionValue(summary: unknown): string | null {
  if (!Array.isArray(summary)) return null;
  const entries = summary.filter(isRaw);
  const latest = entries.reduce<Raw | undefined>((best, e) => {
    if (best === undefined) return e;
    return String(e.createdDate ?? '') >= String(best.createdDate ?? '') ? e : best;
  }, undefined);
  if (latest === undefined) return null;
  const value = latest.backgroundOperationStatusID;
  return typeof value === 'number' ? String(value) : (str(value) ?? '');
}

/** An upstream value as a log line may show it: short, one line. */
const shown = (value: string): string => JSON.stringify(value.slice(0, 40));

function restorableDaysOf(raw: Raw): number | null {
  const days = raw.numberofRestorableDays ?? raw.numberOfRestorableDays;
  return typeof days === 'number' && Number.isInteger(days) && days >= 0 ? days : null;
}

/**
 * A status answer mapped onto one status. Phase 1 pending is QUEUED; a restriction done is
 * RESTRICTED; a deletion done with phase 1 is SUPPRESSED until phase 2 reports, then its final
 * value decides (Completed, Aborted, Invalid), and anything else is DELETING. An undocumented
 * value, in either phase, reads as still processing, as SFMC says of unknown values (DELETING; QUEUED for a
 * restriction, which has no deletion phase) and is returned in `undocumented` so that the caller logs it.
 * Null when the answer holds no `operation`.
 */
export function operationState(kind: ContactOperationKind, answer: unknown): OperationState | null {
  const raw = isRaw(answer) ? answer : {};
  const restorableDays = restorableDaysOf(raw);
  // An answer without an operation names none: SFMC has no operation by that id.
  if (!isRaw(raw.operation)) return null;
  const { operation } = raw;
  const phase1 = str(operation.status) ?? '';
  // Still processing: a deletion's is DELETING; a restriction has no deletion phase, so its is QUEUED.
  const unknown = (value: string): OperationState => ({
    status: kind === 'DELETE' ? 'DELETING' : 'QUEUED',
    restorableDays,
    undocumented: value,
  });
  if (phase1 === 'Pending') return { status: 'QUEUED', restorableDays };
  if (phase1 !== 'Completed') return unknown(`operation.status=${shown(phase1)}`);
  const phase2 = deletionValue(raw.backgroundOperationsSummary);
  if (phase2 === null) return { status: kind === 'DELETE' ? 'SUPPRESSED' : 'RESTRICTED', restorableDays };
  const mapped = FINAL_DELETION[phase2];
  if (kind === 'RESTRICT' && (mapped === 'DELETED' || mapped === 'DELETING')) return { status: 'RESTRICTED', restorableDays };
  return mapped === undefined ? unknown(`backgroundOperationStatusID=${shown(phase2)}`) : { status: mapped, restorableDays };
}

/**
 * The contact keys of a request, checked: at most MAX_OPERATION_KEYS, none blank or malformed,
 * none twice. Every problem at its path (`["input", "contactKeys", "2"]`); nothing is sent with any.
 */
export function checkOperationKeys(contactKeys: readonly string[]): UserError[] {
  const at = (i?: number) => (i === undefined ? ['input', 'contactKeys'] : ['input', 'contactKeys', String(i)]);
  if (contactKeys.length === 0) return [{ field: at(), code: 'EMPTY', message: 'name at least one contact key' }];
  if (contactKeys.length > MAX_OPERATION_KEYS) {
    const message = `may hold at most ${MAX_OPERATION_KEYS} contact keys per request; send several requests`;
    return [{ field: at(), code: 'TOO_MANY_KEYS', message }];
  }
  const problems: UserError[] = [];
  const seen = new Set<string>();
  contactKeys.forEach((key, i) => {
    const problem = contactKeyProblem(key);
    if (problem !== undefined) problems.push({ field: at(i), ...problem });
    else if (seen.has(key)) problems.push({ field: at(i), code: 'DUPLICATE', message: 'this contact key is listed already' });
    seen.add(key);
  });
  return problems;
}

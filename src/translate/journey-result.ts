import type { UserError } from '../errors.js';
import { isJsonObject } from '../json-object.js';
import type { OperationStatus, ResultMessage } from './update-result.js';

/**
 * SFMC's answers to journey entry and membership -> the GraphQL payloads. Entry is a write
 * nobody can undo: an answer lost after sending is UNKNOWN and never retryable, since a second
 * entry may start the journey twice.
 */

export interface EnterJourneyResult {
  operationStatus: OperationStatus;
  /** The event's key (the JourneyEvent value). */
  event: string;
  contactKey: string | null;
  /** SFMC's id of the entry (201's `eventInstanceId`). */
  eventInstanceId: string | null;
  retryable: boolean;
  messages: ResultMessage[];
  userErrors: UserError[];
  requestId: string;
}

export type JourneyEntryStatus = 'QUEUED' | 'NOT_QUEUED';

export interface JourneyMemberResult {
  contactKey: string;
  status: JourneyEntryStatus;
  eventInstanceId: string | null;
  /** SFMC's reason a member was not queued. */
  message: string | null;
}

export interface EnterJourneysResult {
  operationStatus: OperationStatus;
  event: string;
  /** SFMC's id of the queued request. */
  sfmcRequestId: string | null;
  /** One per member, in the order sent; empty unless OK. */
  results: JourneyMemberResult[];
  retryable: boolean;
  messages: ResultMessage[];
  userErrors: UserError[];
  requestId: string;
}

export interface JourneyMembership {
  /** The journey's definition key. */
  journeyKey: string;
  version: number | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** This service's own message (an UNKNOWN outcome's), or SFMC's reason for a FAIL. */
export const message = (text: string, resultClass = 'Error', resultCode: string | null = null): ResultMessage => ({
  resultType: 'Journey',
  resultClass,
  resultCode,
  message: text,
});

/** What an entry's payload holds besides its outcome. */
type Outcome = Pick<EnterJourneyResult, 'operationStatus' | 'eventInstanceId' | 'retryable' | 'messages' | 'userErrors'>;

const UNKNOWN_ENTRY =
  'The connection to SFMC was lost after the entry was sent: the contact may or may not have entered the journey. ' +
  'Sending it again may enter it twice; check journeyMemberships first.';

export const entryOutcome = {
  /** SFMC's 201: `{eventInstanceId}`. */
  entered: (answer: unknown): Outcome => ({
    operationStatus: 'OK',
    eventInstanceId: isJsonObject(answer) ? str(answer.eventInstanceId) : null,
    retryable: false,
    messages: [],
    userErrors: [],
  }),
  /** SFMC's 400 (unknown event key, inactive contact, data that does not fit): nothing entered. */
  refused: (why: string, sfmcErrorCode?: number): Outcome => ({
    operationStatus: 'FAIL',
    eventInstanceId: null,
    retryable: false,
    messages: [message(why, 'Error', sfmcErrorCode === undefined ? null : String(sfmcErrorCode))],
    userErrors: [],
  }),
  unknown: (): Outcome => ({
    operationStatus: 'UNKNOWN',
    eventInstanceId: null,
    retryable: false,
    messages: [message(UNKNOWN_ENTRY, 'Warning')],
    userErrors: [],
  }),
  invalid: (userErrors: UserError[]): Outcome => ({
    operationStatus: 'INVALID',
    eventInstanceId: null,
    retryable: false,
    messages: [],
    userErrors,
  }),
};

/** SFMC's queued-entry answer, one result per member sent (a member SFMC leaves out is NOT_QUEUED). */
export function memberResults(
  answer: unknown,
  sent: readonly string[],
): { sfmcRequestId: string | null; results: JourneyMemberResult[] } {
  const body = isJsonObject(answer) ? answer : {};
  const members = Array.isArray(body.members) ? body.members : [];
  const results = sent.map((contactKey, i): JourneyMemberResult => {
    const raw = members[i];
    const member = isJsonObject(raw) ? raw : {};
    const eventInstanceId = str(member.eventInstanceId);
    if (eventInstanceId !== null) return { contactKey, status: 'QUEUED', eventInstanceId, message: null };
    const why = raw === undefined ? 'SFMC did not list this member in its answer.' : 'SFMC did not queue this member.';
    return { contactKey, status: 'NOT_QUEUED', eventInstanceId: null, message: str(member.message) ?? why };
  });
  return { sfmcRequestId: str(body.requestId), results };
}

/** SFMC's membership answer: each asked key's journeys (none for a key SFMC does not know). */
export function readMemberships(answer: unknown, keys: readonly string[]): JourneyMembership[][] {
  const results = isJsonObject(answer) && isJsonObject(answer.results) ? answer.results : {};
  const list = Array.isArray(results.contactMemberships) ? results.contactMemberships : [];
  const byKey = new Map<string, JourneyMembership[]>();
  for (const raw of list) {
    if (!isJsonObject(raw)) continue;
    const contactKey = str(raw.contactKey);
    const journeyKey = str(raw.definitionKey);
    if (contactKey === null || journeyKey === null) continue;
    const version = typeof raw.version === 'number' && Number.isInteger(raw.version) ? raw.version : null;
    byKey.set(contactKey, [...(byKey.get(contactKey) ?? []), { journeyKey, version }]);
  }
  return keys.map((key) => byKey.get(key) ?? []);
}

/** The body of one membership call. */
export const membershipBody = (keys: readonly string[]) => ({ ContactKeyList: [...keys] });

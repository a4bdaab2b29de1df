import { GraphQLError } from 'graphql';

/**
 * The closed set of `extensions.code` values this service returns. Clients branch
 * on these codes, never on messages. Messages are written here or by the caller
 * and never carry upstream bodies, URLs, tokens or secrets.
 *
 * BAD_REQUEST (400): the HTTP request itself is malformed (a body that is not
 * well-formed UTF-8 or JSON, a batch, a malformed Authorization header); this
 * service builds it with `badRequest`, graphql-yoga for the requests it refuses
 * itself. graphql-yoga also adds GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED,
 * and INTERNAL_SERVER_ERROR for any error this service did not expect (masked:
 * the message is "Unexpected error.").
 */
export const ERROR_CODES = {
  /**
   * Variables that do not fit the schema (a number for a String, an object for an AttributeValue): refused by
   * GraphQL itself before execution. Problems of the values themselves are `userErrors` in the payload.
   */
  BAD_USER_INPUT: { status: 400, retryable: false },
  /** No valid bearer token (missing, expired, wrong issuer or audience, bad signature). */
  UNAUTHENTICATED: { status: 401, retryable: false },
  /** The caller may not read this contact (someone else's). A refused write is a `NOT_ALLOWED` user error instead. */
  FORBIDDEN: { status: 403, retryable: false },
  /** `node(id:)` was given an id this service did not make (malformed, or not a Contact's). Ids come from `Node.id` only. */
  INVALID_ID: { status: 400, retryable: false },
  /** `me` was asked by a caller with no contact of its own: an admin token, or anyone with AUTH_MODE=off. Use `contact`. */
  NO_OWN_CONTACT: { status: 403, retryable: false },
  /** Too many requests from this caller (or client address, before it is authenticated); `retryAfter` in seconds (also the Retry-After header). */
  RATE_LIMITED: { status: 429, retryable: true },
  /** The request's `Accept` admits no JSON answer; refused before anything ran. */
  NOT_ACCEPTABLE: { status: 406, retryable: false },
  /** A POST body that is not JSON (`application/graphql`, forms, multipart); refused before anything ran. */
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false },
  /** Trusted documents are enforced and the request is not one of them (or names an unknown one). */
  TRUSTED_DOCUMENT_REQUIRED: { status: 400, retryable: false },
  /** The instance is draining for shutdown; another instance will answer. Nothing was sent. */
  SHUTTING_DOWN: { status: 503, retryable: true },
  /** The instance holds as many requests as it is sized for (MAX_IN_FLIGHT); retry shortly. Nothing was sent. */
  OVERLOADED: { status: 503, retryable: true },
  /** SFMC refused this service's client credentials (a configuration problem). */
  UPSTREAM_AUTH_FAILED: { status: 502, retryable: false },
  /** SFMC could not be reached or said it is unavailable; nothing was processed. */
  UPSTREAM_UNAVAILABLE: { status: 503, retryable: true },
  /** SFMC is throttling this service; nothing was processed. `retryAfter` is in seconds. */
  UPSTREAM_RATE_LIMITED: { status: 503, retryable: true },
  /** SFMC refused the request before processing it (4xx other than 401/429). */
  UPSTREAM_REJECTED: { status: 502, retryable: false },
  /** Too many SFMC calls are in flight and waiting already; nothing was sent. */
  UPSTREAM_BUSY: { status: 503, retryable: true },
  /**
   * An operation asks for more entity representations (all its `_entities` fields together) than MAX_ENTITIES;
   * refused before anything was sent. A gateway sends smaller batches.
   */
  TOO_MANY_ENTITIES: { status: 400, retryable: false },
  /**
   * The request needs more SFMC calls than one request may make (SFMC_CALLS_PER_REQUEST); the reads past it were
   * not sent. A write is never refused by it. Ask for fewer contacts per request.
   */
  CALL_BUDGET_EXCEEDED: { status: 400, retryable: false },
  /**
   * The tenant's SFMC calls for today (SFMC_CALL_ALLOWANCE) are spent and SFMC_BUDGET_POLICY=refuse-reads keeps
   * the rest for writes: this read was not sent. Updates are still sent. `resetAt`: when the day ends (UTC).
   */
  SFMC_BUDGET_SPENT: { status: 429, retryable: true },
  /** The Idempotency-Key header is empty, longer than 255 characters, or not printable ASCII (quotes and backslashes neither). Nothing was sent. */
  IDEMPOTENCY_KEY_INVALID: { status: 400, retryable: false },
  /** This Idempotency-Key was used for another operation or other variables; make a new key for a new submission. */
  IDEMPOTENCY_KEY_REUSED: { status: 422, retryable: false },
  /** A request with this Idempotency-Key is still being processed; retry shortly (the same key) for its answer. */
  IDEMPOTENCY_KEY_IN_FLIGHT: { status: 409, retryable: true },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A GraphQL error with its code, HTTP status and a `retryable` hint for clients. */
export function serviceError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
  headers?: Record<string, string>,
): GraphQLError {
  const { status, retryable } = ERROR_CODES[code];
  return new GraphQLError(message, {
    extensions: { code, retryable, ...extensions, http: { status, ...(headers ? { headers } : {}) } },
  });
}

/**
 * BAD_REQUEST, 400: the HTTP request is malformed. Shaped as graphql-yoga's own (no
 * `retryable`), so that a request answers alike whichever of them refuses it.
 */
export function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/**
 * The closed set of `UserError.code` values: what is wrong with one field of an update's input,
 * found before anything is sent to SFMC. They are data (the payload's `userErrors`), not GraphQL
 * errors: every problem of an input is reported at once, next to `operationStatus: INVALID`.
 * Each description is the schema's and docs/frontend.md's.
 */
export const USER_ERROR_CODES = {
  REQUIRED: 'A value the update needs is missing: no contactKey or contactId, or null for an attribute SFMC requires.',
  BLANK: 'An empty string, or one of only whitespace or invisible characters (U+3164, U+2800, a lone combining mark).',
  TOO_LONG: 'A string longer than its attribute (or this service, for untyped values and names) allows.',
  TOO_MANY: 'A list with more entries than one update takes.',
  EMPTY: 'Nothing to write: no attribute group at all, or a group, row or list without values.',
  INVALID_CHARACTERS:
    "Control, bidi or zero-width characters, which would look like something else in SFMC's UI and logs; in a key or name also invisible characters (U+3164, U+00AD, tags, variation selectors) and stacked combining marks.",
  INVALID_NAME:
    'An SFMC attribute or group name that cannot be one: it must start with a letter or digit and is not a reserved word.',
  WRONG_TYPE: "A value not of the attribute's data type: a word for a number, a number for a boolean.",
  OUT_OF_RANGE:
    'A whole number outside its range (a Byte above 255, a LongNumber beyond 64 bits, a contact id outside 1 to 2^63 - 1), or a number beyond 2^53 that JSON cannot carry exactly: send it as a string.',
  INVALID_DATE:
    'Not a real date or time (February 30, 25:99, an offset beyond 14 hours), or in no accepted format (YYYY-MM-DD, ISO 8601 date-time, MM/DD/YYYY).',
  INVALID_FORMAT: 'Not what the field holds: an email address, a phone number, a numeric contact id.',
  DUPLICATE:
    'The same attribute, attribute set or row given twice in one list: rows by their key, or whole for a group without one (SFMC compares without case).',
  USE_TYPED_FIELD: 'An attribute or attribute set given by SFMC name that has a typed field: send it in that field.',
  UNKNOWN_ATTRIBUTE_SET:
    "An attribute set named in attributeSets that the tenant's data model has no group of (compared without case).",
  UNKNOWN_ATTRIBUTE:
    "An attribute named in extraAttributes or attributeSets that its group in the tenant's data model does not have (compared without case).",
  WRONG_EVENT:
    "Journey data given for another event than the input's `event` (JourneyEventData takes exactly the chosen event's field).",
  NOT_ALLOWED:
    "Not this caller's to write: someone else's contact, contactId from a self-service caller, or an attribute off the self-service allow-list.",
  CHANNEL_REQUIRED:
    'A new contact without a channel: createContact needs at least one of Email Addresses, MobileConnect Demographics, MobilePush Demographics, or LINE Addresses with LINE Subscriptions.',
  REQUIRED_WITH:
    "Missing what SFMC's create needs with something given: a group another needs (Email Addresses with Email Demographics), or an attribute its group needs (HTML Enabled, Locale, Application).",
  TOO_MANY_UPDATES:
    'More updates in one updateContacts request than it takes (50): nothing was sent; send them in several requests.',
  TOO_MANY_KEYS: 'More contact keys than one deletion or restriction request takes (100): send several requests.',
  SELF_SERVICE_DELETION_OFF:
    'Self-service callers may not delete their own contact here (AUTH_SELF_SERVICE_DELETION is off): the request goes through an administrator.',
  UNKNOWN_CONTACT: 'No contact has this key in SFMC (setTrackingOptOut): nothing was written, and no contact was created.',
} as const;

export type UserErrorCode = keyof typeof USER_ERROR_CODES;

/** One problem of an update's input, where it is and what is wrong. */
export interface UserError {
  /** The path inside the operation's arguments, list indexes as strings: `["input", "emailAddresses", "0", "emailAddress"]`. */
  field: string[];
  code: UserErrorCode;
  /** What is wrong, for next to the field: "must be an email address". */
  message: string;
}

/** A field path as text: `input.emailAddresses[0].emailAddress`. */
export function fieldText(field: readonly string[]): string {
  return field.map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** Thrown where an input must be valid (benchmarks, fixtures): its problems, all of them. */
export class InputError extends Error {
  constructor(readonly problems: readonly UserError[]) {
    super(problems.map((p) => `${fieldText(p.field)}: ${p.message}`).join('; '));
    this.name = 'InputError';
  }
}

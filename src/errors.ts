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
  /** The input was refused before anything was sent to SFMC. Fix the input. */
  BAD_USER_INPUT: { status: 400, retryable: false },
  /** No valid bearer token (missing, expired, wrong issuer or audience, bad signature). */
  UNAUTHENTICATED: { status: 401, retryable: false },
  /** The caller may not do this (someone else's contact, or an attribute off the allow-list). */
  FORBIDDEN: { status: 403, retryable: false },
  /** Too many requests from this caller; `retryAfter` is in seconds (also the Retry-After header). */
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

/** Thrown by the pure translation when an input cannot become a valid PATCH body. */
export class InputError extends Error {
  constructor(
    /** Where in the input, e.g. `input.emailAddresses[0].emailAddress`. */
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'InputError';
  }
}

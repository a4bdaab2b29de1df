import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { JsonReply } from './http-json.js';
import { isJsonObject } from '../json-object.js';
import type { Spelling } from './types.js';

/**
 * SFMC's OAuth2 client-credentials endpoint (`POST /v2/token`: request, answer and errors as documented)
 * and the bearer check every REST route makes with the tokens it issued.
 */

/** The installed package's scopes: the Contacts API's, and the email ones SFMC's example grants. */
const DEFAULT_SCOPE = 'email_read email_write email_send list_and_subscribers_read list_and_subscribers_write';
const ERROR_URI = 'https://developer.salesforce.com/docs';
const INVALID_CLIENT =
  'Client authentication failed. Make sure that the client ID and client secret are valid ' +
  'and that the package is installed and enabled.';

const oauthError = (status: number, error: string, description: string): JsonReply => ({
  status,
  body: { error, error_description: description, error_uri: ERROR_URI },
});

/** SFMC's docs show a bare host; the live service sends scheme and trailing slash. */
export function instanceUrl(baseUrl: string, spelling: Spelling): string {
  return spelling === 'live' ? `${baseUrl}/` : new URL(baseUrl).host;
}

/**
 * SOAP is not emulated: the token answer names a SOAP host of its own, as SFMC's does, on a
 * reserved name that never resolves, so a client that used it by mistake fails at once.
 */
const SOAP_HOST = 'soap.emulator.invalid';
const soapInstanceUrl = (spelling: Spelling) => (spelling === 'live' ? `https://${SOAP_HOST}/` : SOAP_HOST);

/**
 * The scopes granted: those asked for that the installed package holds (all of them when none
 * is asked for). Dropping the others rather than refusing is a guess (see docs/emulator.md).
 */
function grantedScope(asked: unknown): string {
  if (typeof asked !== 'string' || asked.trim() === '') return DEFAULT_SCOPE;
  const held = new Set(DEFAULT_SCOPE.split(' '));
  return asked
    .split(/\s+/)
    .filter((scope) => held.has(scope))
    .join(' ');
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Compares digests so neither the time taken nor a length check reveals the expected value. */
function matches(given: unknown, expected: string): boolean {
  return typeof given === 'string' && timingSafeEqual(digest(given), digest(expected));
}

export interface TokenClient {
  clientId: string;
  clientSecret: string;
  lifetimeSeconds: number;
}

export class TokenAuthority {
  private readonly expiresAt = new Map<string, number>();
  /** Every token ever issued, so tests can check none of them leaks into a response or a log. */
  readonly issued: string[] = [];

  constructor(
    private readonly client: TokenClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** Answers a token request; `restUrl` is the instance URL to hand out, already spelled as `spelling` says. */
  issue(bodyText: string, restUrl: string, spelling: Spelling): JsonReply {
    let body: unknown;
    try {
      body = JSON.parse(bodyText);
    } catch {
      return oauthError(400, 'invalid_request', 'The request body must be a JSON object.');
    }
    if (!isJsonObject(body)) return oauthError(400, 'invalid_request', 'The request body must be a JSON object.');
    if (body.grant_type !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'Use the client_credentials grant type.');
    }
    const idOk = matches(body.client_id, this.client.clientId);
    const secretOk = matches(body.client_secret, this.client.clientSecret);
    if (!idOk || !secretOk) return oauthError(401, 'invalid_client', INVALID_CLIENT);

    this.forgetExpired();
    const lifetime = this.client.lifetimeSeconds;
    const accessToken = randomBytes(48).toString('base64url');
    this.expiresAt.set(accessToken, this.now() + lifetime * 1000);
    this.issued.push(accessToken);
    return {
      status: 200,
      headers: { 'cache-control': 'no-store' },
      body: {
        access_token: accessToken,
        // SFMC reports 18 of its 20 minutes so clients refresh early.
        expires_in: lifetime > 300 ? lifetime - 120 : lifetime,
        token_type: 'Bearer',
        rest_instance_url: restUrl,
        soap_instance_url: soapInstanceUrl(spelling),
        scope: grantedScope(body.scope),
      },
    };
  }

  /** Whether an Authorization header carries a token issued here that has not expired. */
  authorizes(header: string | undefined): boolean {
    const token = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];
    const expiresAt = token === undefined ? undefined : this.expiresAt.get(token);
    return expiresAt !== undefined && this.now() < expiresAt;
  }

  expireAll(): void {
    this.expiresAt.clear();
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [token, expiresAt] of this.expiresAt) if (now >= expiresAt) this.expiresAt.delete(token);
  }
}

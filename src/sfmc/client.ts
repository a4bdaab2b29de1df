import { Agent, type Dispatcher } from 'undici';
import type { SfmcConfig } from '../config.js';
import type { PatchBody } from '../translate/patch-body.js';
import { SfmcError } from './sfmc-error.js';
import { TokenCache, type AccessToken } from './token-cache.js';

/** One upstream call, for the request's log line. */
export interface UpstreamCall {
  endpoint: string;
  status: number | null;
  ms: number;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Upstream calls made for this request are appended here. */
  trace?: UpstreamCall[] | undefined;
}

// Failures raised before the request left this process: SFMC cannot have seen it.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

const MAX_RESPONSE_BYTES = 1024 * 1024;

/** Adds the auth URL's scheme when SFMC leaves it out and drops the trailing slash. */
export function normalizeInstanceUrl(raw: string, authUrl: string): string {
  const trimmed = raw.trim().replace(/\/+$/, '');
  const withScheme = /^[a-z]+:\/\//i.test(trimmed) ? trimmed : `${new URL(authUrl).protocol}//${trimmed}`;
  const url = new URL(withScheme);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('unsupported scheme');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** Splits a base URL (which may carry a path prefix, e.g. behind a proxy) into undici's origin and path. */
function at(base: string, path: string): { origin: string; path: string } {
  const url = new URL(base);
  return { origin: url.origin, path: url.pathname.replace(/\/+$/, '') + path };
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function retryAfterSeconds(headers: Dispatcher.ResponseData['headers']): number | undefined {
  const value = headers['retry-after'];
  const seconds = Number(Array.isArray(value) ? value[0] : value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

async function readJson(body: Dispatcher.ResponseData['body']): Promise<unknown> {
  try {
    return await body.json();
  } catch {
    return undefined;
  }
}

/**
 * The boundary to SFMC: one method per SFMC call this service makes. Nothing
 * above it knows URLs, tokens or status codes. Every request goes through one
 * undici Agent, which keeps one keep-alive pool per origin (auth and REST).
 */
export class SfmcClient {
  private readonly agent: Agent;
  private readonly tokens: TokenCache;
  /** How many tokens were fetched; exposed for tests and the log. */
  tokenRequests = 0;

  constructor(private readonly config: SfmcConfig) {
    this.agent = new Agent({
      connections: config.connections,
      connect: { timeout: config.timeouts.connectMs },
      headersTimeout: config.timeouts.headersMs,
      bodyTimeout: config.timeouts.bodyMs,
      keepAliveTimeout: 30_000,
      maxResponseSize: MAX_RESPONSE_BYTES,
    });
    this.tokens = new TokenCache(() => this.requestToken());
  }

  /** `PATCH /contacts/v1/contacts`. Resolves with SFMC's parsed body (OK or FAIL alike). */
  updateContact(body: PatchBody, options: CallOptions = {}): Promise<unknown> {
    return this.rest('updateContact', 'PATCH', '/contacts/v1/contacts', body, options);
  }

  /** `POST /contacts/v1/attributes/search`: attributes of the contacts a condition selects. */
  searchAttributes(body: unknown, page: { page: number; pageSize: number }, options: CallOptions = {}): Promise<unknown> {
    const query = `?$page=${page.page}&$pageSize=${page.pageSize}`;
    return this.read('searchAttributes', `/contacts/v1/attributes/search${query}`, body, options);
  }

  /** `POST /contacts/v1/addresses/email/search`: contact keys by email address. */
  searchEmailAddresses(body: unknown, options: CallOptions = {}): Promise<unknown> {
    return this.read('searchEmailAddresses', '/contacts/v1/addresses/email/search', body, options);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** A POST that only reads: whatever happened, nothing changed, so an unknown outcome is just unavailability. */
  private async read(endpoint: string, path: string, body: unknown, options: CallOptions): Promise<unknown> {
    try {
      return await this.rest(endpoint, 'POST', path, body, options);
    } catch (error) {
      if (error instanceof SfmcError && error.failure === 'OUTCOME_UNKNOWN') {
        throw new SfmcError('UPSTREAM_UNAVAILABLE', 'SFMC did not answer the read.', error.details);
      }
      throw error;
    }
  }

  /**
   * One REST call with the cached token. A 401 means SFMC rejected the token before
   * processing anything, so the token is dropped and the call retried once.
   */
  private async rest(
    endpoint: string,
    method: 'PATCH' | 'POST',
    path: string,
    body: unknown,
    options: CallOptions,
  ): Promise<unknown> {
    const payload = JSON.stringify(body);
    const send = async (token: AccessToken) =>
      this.call(endpoint, options, {
        ...at(token.restUrl, path),
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token.accessToken}` },
        body: payload,
      });

    let token = await this.tokens.get();
    let response = await send(token);
    if (response.statusCode === 401) {
      await response.body.dump();
      this.tokens.invalidate(token.accessToken);
      token = await this.tokens.get();
      response = await send(token);
    }
    const { statusCode, headers } = response;
    if (statusCode === 200) {
      const parsed = await readJson(response.body);
      if (parsed === undefined) throw new SfmcError('OUTCOME_UNKNOWN', 'SFMC answered with a body that is not JSON.');
      return parsed;
    }
    const error = (await readJson(response.body)) as { errorcode?: unknown } | undefined;
    const sfmcErrorCode = typeof error?.errorcode === 'number' ? error.errorcode : undefined;
    const details = { status: statusCode, ...(sfmcErrorCode !== undefined ? { sfmcErrorCode } : {}) };
    if (statusCode === 401) {
      throw new SfmcError('UPSTREAM_AUTH_FAILED', 'SFMC refused a freshly issued access token.', details);
    }
    if (statusCode === 429) {
      const retryAfter = retryAfterSeconds(headers);
      throw new SfmcError('UPSTREAM_RATE_LIMITED', 'SFMC is throttling requests.', {
        ...details,
        ...(retryAfter !== undefined ? { retryAfter } : {}),
      });
    }
    if (statusCode === 503) throw new SfmcError('UPSTREAM_UNAVAILABLE', 'SFMC is unavailable.', details);
    if (statusCode >= 500) {
      throw new SfmcError('OUTCOME_UNKNOWN', `SFMC answered HTTP ${statusCode}.`, details);
    }
    throw new SfmcError('UPSTREAM_REJECTED', `SFMC refused the request (HTTP ${statusCode}).`, details);
  }

  /** Sends one request, recording it in the trace; maps transport errors to what SFMC can have seen. */
  private async call(
    endpoint: string,
    options: CallOptions,
    request: Dispatcher.RequestOptions,
  ): Promise<Dispatcher.ResponseData> {
    const started = performance.now();
    const record = (status: number | null) =>
      options.trace?.push({ endpoint, status, ms: Math.round((performance.now() - started) * 10) / 10 });
    try {
      const response = await this.agent.request({ ...request, signal: options.signal });
      record(response.statusCode);
      return response;
    } catch (error) {
      record(null);
      const code = errorCode(error);
      if (code !== undefined && NOT_SENT.has(code)) {
        throw new SfmcError('UPSTREAM_UNAVAILABLE', 'SFMC could not be reached.');
      }
      throw new SfmcError('OUTCOME_UNKNOWN', `The connection to SFMC failed after the request was sent (${code ?? 'aborted'}).`);
    }
  }

  /** OAuth2 client credentials against `{auth}/v2/token`, JSON body, as SFMC documents. */
  private async requestToken(): Promise<AccessToken> {
    const { authUrl, clientId, clientSecret, accountId, scope, restUrl } = this.config;
    this.tokenRequests += 1;
    let response: Dispatcher.ResponseData;
    try {
      response = await this.call('token', {}, {
        ...at(authUrl, '/v2/token'),
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
          ...(scope !== undefined ? { scope } : {}),
          ...(accountId !== undefined ? { account_id: Number(accountId) } : {}),
        }),
      });
    } catch {
      // Nothing was updated yet whatever happened to the token request.
      throw new SfmcError('UPSTREAM_UNAVAILABLE', 'The SFMC token endpoint could not be reached.');
    }
    const body = (await readJson(response.body)) as Record<string, unknown> | undefined;
    if (response.statusCode === 400 || response.statusCode === 401 || response.statusCode === 403) {
      const reason = typeof body?.error === 'string' && /^[a-z_]{1,40}$/.test(body.error) ? ` (${body.error})` : '';
      throw new SfmcError(
        'UPSTREAM_AUTH_FAILED',
        `SFMC refused this service's client credentials${reason}: check SFMC_CLIENT_ID, SFMC_CLIENT_SECRET and SFMC_ACCOUNT_ID.`,
        { status: response.statusCode },
      );
    }
    if (response.statusCode !== 200) {
      throw new SfmcError('UPSTREAM_UNAVAILABLE', `The SFMC token endpoint answered HTTP ${response.statusCode}.`, {
        status: response.statusCode,
      });
    }
    const accessToken = body?.access_token;
    const expiresIn = body?.expires_in;
    const instance = restUrl ?? body?.rest_instance_url;
    if (typeof accessToken !== 'string' || typeof expiresIn !== 'number' || typeof instance !== 'string') {
      throw new SfmcError('UPSTREAM_UNAVAILABLE', 'The SFMC token endpoint answered without a usable token.');
    }
    try {
      return { accessToken, expiresIn, restUrl: normalizeInstanceUrl(instance, authUrl) };
    } catch {
      throw new SfmcError('UPSTREAM_UNAVAILABLE', 'The SFMC token response named an unusable REST URL.');
    }
  }
}

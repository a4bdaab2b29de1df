import { Agent, type Dispatcher } from 'undici';
import type { SfmcConfig } from './settings.js';
import type { PatchBody } from '../translate/patch-body.js';
import {
  ENDPOINTS,
  requestPath,
  type Endpoint,
  type EndpointName,
  type HttpMethod,
  type Page,
  type RestEndpointName,
} from './endpoints.js';
import { RequestDeadlines, Deadline, StoppedWaiting, type CallerSignal } from './deadline.js';
import type { RetryReason, SfmcObserver, UpstreamCall } from './observer.js';
import { RetryPolicy, type Attempt, type RetryHint, type RetryListener } from './retry-policy.js';
import { SfmcError, type SfmcFailure } from './sfmc-error.js';
import { TokenCache, type AccessToken, type BaseUrl } from './token-cache.js';
import {
  TransportFailure,
  exchange,
  isTokenRefusal,
  retryAfterMs,
  sfmcErrorCode,
  type Exchange,
  type ExchangeListener,
} from './transport.js';
import { REQUESTS_BLOCKED, UpstreamGuard, type BreakerState } from './upstream-guard.js';

/** What a REST call sends besides its endpoint: a JSON body, query parameters, and the page of a paged endpoint. */
export interface RestRequest {
  body?: unknown;
  /** Query parameters of this call (an operation id), after the endpoint's fixed query. */
  params?: Readonly<Record<string, string>> | undefined;
  page?: Page | undefined;
}

export interface CallOptions {
  /** The caller's cancellation: an `AbortSignal`, or anything with its `aborted` and `abort` event. */
  signal?: CallerSignal | undefined;
  /**
   * When this call, its retries and waits must be over (absolute, `Date.now()` ms).
   * Default: the request's deadline, started by the first call made with `signal`
   * (`timeouts.deadlineMs` from then), so all calls of one GraphQL request share it.
   */
  deadline?: number | undefined;
  /** Upstream calls made for this request are appended here. */
  trace?: UpstreamCall[] | undefined;
}

export interface SfmcClientOptions {
  /** Told of every exchange, token fetch, retry and breaker change (metrics, tracing). */
  observer?: SfmcObserver | undefined;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;
/** The token request's headers: the same for every request, so made once. */
const TOKEN_HEADERS = { 'content-type': 'application/json' };

const FINAL: RetryHint = { kind: 'final' };
const AMBIGUOUS: RetryHint = { kind: 'ambiguous' };

/** Adds the auth URL's scheme when SFMC leaves it out and drops the trailing slash. */
export function normalizeInstanceUrl(raw: string, authUrl: string): string {
  const trimmed = raw.trim().replace(/\/+$/, '');
  const withScheme = /^[a-z]+:\/\//i.test(trimmed) ? trimmed : `${new URL(authUrl).protocol}//${trimmed}`;
  const url = new URL(withScheme);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('unsupported scheme');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

const SFMC_REST_HOST = /^[a-z0-9][a-z0-9-]*\.rest\.marketingcloudapis\.com$/;
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Whether the REST URL a token response names may receive the token and the request bodies:
 * SFMC's own REST hosts over https on the default port, or a loopback host (the emulator).
 * Anything else is refused: the token response is not trusted to send the token elsewhere
 * (SFMC_REST_URL is the explicit way to name another host).
 */
export function isTrustedInstanceUrl(url: string): boolean {
  const { protocol, hostname, port } = new URL(url);
  if (LOOPBACK_HOST.test(hostname)) return true;
  return protocol === 'https:' && port === '' && SFMC_REST_HOST.test(hostname);
}

/**
 * The lifetime a token is cached for: SFMC's `expires_in` up to a day. A zero, negative or
 * missing lifetime would mean a token request per call; such a token is kept for a minute
 * instead (SFMC's 401 still replaces a token it has let lapse).
 */
const tokenLifetime = (expiresIn: number) => (expiresIn > 0 ? Math.min(expiresIn, 86_400) : 60);

/**
 * A base URL (which may carry a path prefix, e.g. behind a proxy) split into undici's origin and path, once:
 * the auth URL when the client is made, the REST URL when its token is issued: no URL is parsed per call.
 */
function baseOf(url: string): BaseUrl {
  const parsed = new URL(url);
  return { origin: parsed.origin, basePath: parsed.pathname.replace(/\/+$/, '') };
}

/** One exchange's request to `path` under `base` (built whole: no spread of a partial per exchange). */
const requestAt = (
  base: BaseUrl,
  path: string,
  method: HttpMethod,
  headers: Dispatcher.DispatchOptions['headers'],
  body: string | undefined,
): Dispatcher.DispatchOptions => ({ origin: base.origin, path: base.basePath + path, method, headers, body });

const failed = (error: SfmcError, hint: RetryHint = FINAL): Attempt<never> => ({ ok: false, error, hint });

/** Why a retried attempt is sent again, as the observer hears it (a final failure is never retried). */
const retryReason = (hint: RetryHint): RetryReason =>
  hint.kind === 'come-back' ? 'retry-after' : hint.kind === 'not-sent' ? 'not-sent' : 'ambiguous';

/** An exchange that did not come back, as SFMC can have seen it. */
function notAnswered(error: unknown): Attempt<never> {
  if (error instanceof SfmcError) return failed(error);
  if (error instanceof StoppedWaiting) {
    const why = error.why === 'deadline' ? 'the request deadline passed first' : 'the request was cancelled';
    return failed(new SfmcError('UPSTREAM_UNAVAILABLE', `SFMC was not called: ${why}.`));
  }
  if (!(error instanceof TransportFailure)) throw error;
  if (error.kind === 'not-sent') {
    return failed(new SfmcError('UPSTREAM_UNAVAILABLE', 'SFMC could not be reached.'), { kind: 'not-sent' });
  }
  if (error.kind === 'cancelled') {
    return failed(new SfmcError('OUTCOME_UNKNOWN', 'The request was cancelled while SFMC was processing it.'));
  }
  const why =
    error.code === 'deadline'
      ? 'SFMC did not answer within the request deadline.'
      : `The connection to SFMC failed after the request was sent (${error.code}).`;
  return failed(new SfmcError('OUTCOME_UNKNOWN', why), AMBIGUOUS);
}

/** A read that may have been processed changed nothing: it ends as unavailability, not as an unknown outcome. */
function readNotAnswered(error: unknown): never {
  if (error instanceof SfmcError && error.failure === 'OUTCOME_UNKNOWN') {
    throw new SfmcError('UPSTREAM_UNAVAILABLE', 'SFMC did not answer the read.', error.details);
  }
  throw error;
}

/**
 * How one call (a REST call or a token request) is reported, with its retries: each exchange as an
 * entry of the request's trace and to the observer's `onCall`, numbered from 1 (a resend after a 401
 * or a retry is the next), and each retry to `onRetry`. One object per call, in place of closures per exchange.
 */
class CallReport implements ExchangeListener, RetryListener {
  /** The exchange under way (a call's exchanges are sent one after another). */
  attempt = 0;

  constructor(
    private readonly endpoint: EndpointName,
    private readonly method: HttpMethod,
    private readonly trace: UpstreamCall[] | undefined,
    private readonly observer: SfmcObserver | undefined,
  ) {}

  ended(status: number | null, reached: boolean, ms: number): void {
    const { endpoint } = this;
    const call: UpstreamCall = { endpoint, status, ms: Math.round(ms * 10) / 10 };
    if (!reached) call.reached = false;
    this.trace?.push(call);
    this.observer?.onCall({ endpoint, method: this.method, status, ms, attempt: this.attempt });
  }

  retrying(hint: RetryHint): void {
    this.observer?.onRetry(this.endpoint, retryReason(hint));
  }
}

/** What a REST answer means: SFMC's body, or why not and whether sending it again can help. */
function restOutcome(answer: Exchange): Attempt<unknown> {
  const { status } = answer;
  // 201 (an entered journey) and 202 (a queued SMS) answer with a body as 200 does.
  if (status >= 200 && status < 300 && answer.json !== undefined) return { ok: true, value: answer.json };
  const sfmcCode = sfmcErrorCode(answer);
  const details = { status, ...(sfmcCode !== undefined ? { sfmcErrorCode: sfmcCode } : {}) };
  const fail = (failure: SfmcFailure, message: string, hint: RetryHint = FINAL, extra = {}) =>
    failed(new SfmcError(failure, message, { ...details, ...extra }), hint);

  if (status >= 200 && status < 300) {
    return fail('OUTCOME_UNKNOWN', 'SFMC answered with a body that is not JSON.', AMBIGUOUS);
  }
  if (status >= 300 && status < 400) {
    return fail('UPSTREAM_UNAVAILABLE', `SFMC answered with a redirect (HTTP ${status}), which is not followed.`);
  }
  if (isTokenRefusal(answer)) return fail('UPSTREAM_AUTH_FAILED', 'SFMC refused a freshly issued access token.');
  if (status === 429 || status === 503) {
    // Not processed. Come back when SFMC says, unless it blocks requests outright (50200).
    const waitMs = retryAfterMs(answer);
    const comeBack = waitMs !== undefined && sfmcCode !== REQUESTS_BLOCKED;
    const hint: RetryHint = comeBack ? { kind: 'come-back', afterMs: waitMs } : FINAL;
    const retryAfter = waitMs === undefined ? {} : { retryAfter: Math.ceil(waitMs / 1000) };
    return status === 429
      ? fail('UPSTREAM_RATE_LIMITED', 'SFMC is throttling requests.', hint, retryAfter)
      : fail('UPSTREAM_UNAVAILABLE', 'SFMC is unavailable.', hint, retryAfter);
  }
  if (status >= 500) return fail('OUTCOME_UNKNOWN', `SFMC answered HTTP ${status}.`, AMBIGUOUS);
  return fail('UPSTREAM_REJECTED', `SFMC refused the request (HTTP ${status}).${rejectionDetail(answer)}`);
}

const MAX_ADDITIONAL_ERRORS = 5;
const MAX_ADDITIONAL_ERROR_CHARS = 200;

/**
 * What a 400 says went wrong, from its `additionalErrors` (SFMC's aggregate error, 10006, lists the
 * individual problems there): only SFMC's own `message` strings, at most a few, each cut short, so the
 * client can fix its input without any other upstream body text reaching it. Empty otherwise.
 */
function rejectionDetail(answer: Exchange): string {
  if (answer.status !== 400) return '';
  const additional = (answer.json as { additionalErrors?: unknown } | undefined)?.additionalErrors;
  if (!Array.isArray(additional)) return '';
  const messages = additional
    .map((e) => (typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : undefined))
    .filter((m): m is string => typeof m === 'string' && m.trim() !== '')
    .slice(0, MAX_ADDITIONAL_ERRORS)
    .map((m) => {
      const oneLine = m.replace(/\s+/g, ' ').trim();
      return oneLine.length > MAX_ADDITIONAL_ERROR_CHARS ? `${oneLine.slice(0, MAX_ADDITIONAL_ERROR_CHARS)}…` : oneLine;
    });
  return messages.length === 0 ? '' : ` SFMC said: ${messages.join('; ')}`;
}

/**
 * The boundary to SFMC: `call` sends any endpoint of `ENDPOINTS` (`endpoints.ts`), with a
 * typed shorthand per endpoint. Nothing above it knows URLs, tokens or status codes. Every exchange goes through one
 * undici Agent (one keep-alive pool per origin), the bulkhead and the circuit
 * breaker (`upstream-guard.ts`), and the retry policy (`retry-policy.ts`), inside
 * the request's deadline (`deadline.ts`).
 */
export class SfmcClient {
  private readonly agent: Agent;
  private readonly authBase: BaseUrl;
  private readonly tokens: TokenCache;
  private readonly guard: UpstreamGuard;
  private readonly retries: RetryPolicy;
  private readonly deadlines: RequestDeadlines;
  private readonly observer: SfmcObserver | undefined;
  /** The REST headers of the token last used (`restHeaders`). */
  private headersOfToken: { token: AccessToken; json: string[]; bare: string[] } | undefined;
  /** How many token requests were attempted (retries included); exposed for tests and the log. */
  tokenRequests = 0;

  constructor(
    private readonly config: SfmcConfig,
    options: SfmcClientOptions = {},
  ) {
    this.observer = options.observer;
    this.authBase = baseOf(config.authUrl);
    this.agent = new Agent({
      connections: config.connections,
      connect: { timeout: config.timeouts.connectMs },
      headersTimeout: config.timeouts.headersMs,
      bodyTimeout: config.timeouts.bodyMs,
      keepAliveTimeout: 30_000,
      maxResponseSize: MAX_RESPONSE_BYTES,
    });
    this.tokens = new TokenCache((trace) => this.requestToken(trace));
    this.guard = new UpstreamGuard(config, this.observer && ((state) => this.observer?.onBreakerStateChange(state)));
    this.retries = new RetryPolicy({ maxRetries: config.maxRetries });
    this.deadlines = new RequestDeadlines(config.timeouts.deadlineMs);
  }

  /** Updates one contact (`ENDPOINTS.updateContact`). Resolves with SFMC's parsed body (OK or FAIL alike). */
  updateContact(body: PatchBody, options: CallOptions = {}): Promise<unknown> {
    return this.call('updateContact', { body }, options);
  }

  /** Creates one contact (`ENDPOINTS.createContact`): the PATCH's body and answer. Resolves with SFMC's parsed body. */
  createContact(body: PatchBody, options: CallOptions = {}): Promise<unknown> {
    return this.call('createContact', { body }, options);
  }

  /** One page of the attributes of the contacts a condition selects (`ENDPOINTS.searchAttributes`). */
  searchAttributes(body: unknown, page: Page, options: CallOptions = {}): Promise<unknown> {
    return this.call('searchAttributes', { body, page }, options);
  }

  /** Contact keys by email address (`ENDPOINTS.searchEmailAddresses`). */
  searchEmailAddresses(body: unknown, options: CallOptions = {}): Promise<unknown> {
    return this.call('searchEmailAddresses', { body }, options);
  }

  /** One page of the tenant's attribute set definitions (`ENDPOINTS.attributeSetDefinitions`, `npm run datamodel:pull`). */
  attributeSetDefinitions(page: Page, options: CallOptions = {}): Promise<unknown> {
    return this.call('attributeSetDefinitions', { page }, options);
  }

  /**
   * One REST call as its row in `ENDPOINTS` declares it: URL, method, paging and resend rule.
   * The methods above are its typed shorthands. An endpoint resent `always` is a read: an
   * unknown outcome changed nothing, so it ends as unavailability instead.
   */
  call(name: RestEndpointName, request: RestRequest, options: CallOptions = {}): Promise<unknown> {
    // Not an async function: a write's answer is `rest`'s own promise, with no layer of its own.
    // Whatever goes wrong before anything is sent still rejects, as an async function would.
    try {
      const endpoint: Endpoint = ENDPOINTS[name];
      if (endpoint.paged !== (request.page !== undefined)) {
        throw new TypeError(`${name} ${endpoint.paged ? 'needs' : 'takes no'} page`);
      }
      const path = requestPath(endpoint, request.params, request.page);
      const mayResend = endpoint.resend === 'always';
      const answer = this.rest(name, endpoint.method, path, request.body, mayResend, options);
      return mayResend ? answer.catch(readNotAnswered) : answer;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** SFMC calls in flight at once (SFMC_MAX_CONCURRENCY): a batch of updates takes half (`update-batch.ts`). */
  get maxConcurrency(): number {
    return this.config.concurrency.max;
  }

  /** The circuit breaker's state, for tests and metrics. */
  breakerState(): BreakerState {
    return this.guard.breakerState();
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** A REST call with its retries; resent after an ambiguous failure only when `mayResend`. */
  private rest(
    endpoint: RestEndpointName,
    method: HttpMethod,
    path: string,
    body: unknown,
    mayResend: boolean,
    options: CallOptions,
  ): Promise<unknown> {
    const deadline = this.deadlines.for(options);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const report = new CallReport(endpoint, method, options.trace, this.observer);
    const send = (token: AccessToken) =>
      this.send(report, deadline, requestAt(token.rest, path, method, this.restHeaders(token, payload !== undefined), payload));
    return this.retries.run(
      deadline,
      mayResend,
      async () => {
        try {
          let token = this.tokens.fresh() ?? (await deadline.race(this.tokens.get(options.trace)));
          let answer = await send(token);
          // SFMC rejected the token before processing anything: drop it and resend once with a fresh one.
          if (isTokenRefusal(answer)) {
            this.tokens.invalidate(token.accessToken);
            token = await deadline.race(this.tokens.get(options.trace));
            this.observer?.onRetry(endpoint, 'unauthorized');
            answer = await send(token);
          }
          return restOutcome(answer);
        } catch (error) {
          return notAnswered(error);
        }
      },
      report,
    );
  }

  /**
   * A REST request's headers with `token`, with a JSON body or without one. Made once per token, not
   * per call: undici only reads them, and as an array of names and values it walks them without `Object.keys`.
   */
  private restHeaders(token: AccessToken, withBody: boolean): string[] {
    let headers = this.headersOfToken;
    if (headers?.token !== token) {
      const authorization = `Bearer ${token.accessToken}`;
      headers = {
        token,
        json: ['content-type', 'application/json', 'authorization', authorization],
        bare: ['authorization', authorization],
      };
      this.headersOfToken = headers;
    }
    return withBody ? headers.json : headers.bare;
  }

  /** One exchange (the next attempt of `report`'s call) through the guard, recorded by `report`. */
  private send(report: CallReport, deadline: Deadline, request: Dispatcher.DispatchOptions): Promise<Exchange> {
    report.attempt += 1;
    return this.guard.run(() => exchange(this.agent, request, deadline, report), deadline);
  }

  /**
   * OAuth2 client credentials against `ENDPOINTS.token` on the auth URL, JSON body, as SFMC documents.
   * One flight for all waiting callers (TokenCache), with its own deadline; the request
   * has no side effects, so any transient failure is retried within it.
   */
  private requestToken(trace: UpstreamCall[] | undefined): Promise<AccessToken> {
    const deadline = Deadline.after(this.config.timeouts.deadlineMs);
    const report = new CallReport('token', ENDPOINTS.token.method, trace, this.observer);
    const flight = this.retries.run(
      deadline,
      ENDPOINTS.token.resend === 'always',
      () => this.tokenAttempt(deadline, report),
      report,
    );
    const { observer } = this;
    if (observer)
      flight.then(
        () => observer.onTokenRequest('ok'),
        () => observer.onTokenRequest('error'),
      );
    return flight;
  }

  private async tokenAttempt(deadline: Deadline, report: CallReport): Promise<Attempt<AccessToken>> {
    const { clientId, clientSecret, accountId, scope } = this.config;
    this.tokenRequests += 1;
    let answer: Exchange;
    try {
      const grant = JSON.stringify({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        ...(scope !== undefined ? { scope } : {}),
        ...(accountId !== undefined ? { account_id: Number(accountId) } : {}),
      });
      const { path, method } = ENDPOINTS.token;
      answer = await this.send(report, deadline, requestAt(this.authBase, path, method, TOKEN_HEADERS, grant));
    } catch (error) {
      // Nothing was updated yet whatever happened to the token request.
      const attempt = notAnswered(error);
      if (attempt.ok || attempt.error.failure !== 'OUTCOME_UNKNOWN') return attempt;
      return failed(new SfmcError('UPSTREAM_UNAVAILABLE', 'The SFMC token endpoint did not answer.'), attempt.hint);
    }
    return this.tokenOutcome(answer);
  }

  private tokenOutcome(answer: Exchange): Attempt<AccessToken> {
    const { status } = answer;
    const body = answer.json as Record<string, unknown> | undefined;
    if (status === 400 || status === 401 || status === 403) {
      const reason = typeof body?.error === 'string' && /^[a-z_]{1,40}$/.test(body.error) ? ` (${body.error})` : '';
      return failed(
        new SfmcError(
          'UPSTREAM_AUTH_FAILED',
          `SFMC refused this service's client credentials${reason}: check SFMC_CLIENT_ID, SFMC_CLIENT_SECRET and SFMC_ACCOUNT_ID.`,
          { status },
        ),
      );
    }
    if (status !== 200 || body === undefined) {
      const error = new SfmcError('UPSTREAM_UNAVAILABLE', `The SFMC token endpoint answered HTTP ${status}.`, { status });
      const waitMs = status === 429 || status === 503 ? retryAfterMs(answer) : undefined;
      if (waitMs !== undefined) return failed(error, { kind: 'come-back', afterMs: waitMs });
      return failed(error, status >= 500 || status === 200 ? AMBIGUOUS : FINAL);
    }
    const accessToken = body.access_token;
    const expiresIn = body.expires_in;
    const { restUrl } = this.config;
    const instance = restUrl ?? body.rest_instance_url;
    if (typeof accessToken !== 'string' || typeof expiresIn !== 'number' || typeof instance !== 'string') {
      return failed(new SfmcError('UPSTREAM_UNAVAILABLE', 'The SFMC token endpoint answered without a usable token.'));
    }
    let url: string;
    try {
      url = normalizeInstanceUrl(instance, this.config.authUrl);
    } catch {
      return failed(new SfmcError('UPSTREAM_UNAVAILABLE', 'The SFMC token response named an unusable REST URL.'));
    }
    if (restUrl === undefined && !isTrustedInstanceUrl(url)) {
      return failed(
        new SfmcError(
          'UPSTREAM_UNAVAILABLE',
          'The SFMC token response named a REST URL outside SFMC: set SFMC_REST_URL to use it.',
        ),
      );
    }
    return { ok: true, value: { accessToken, expiresIn: tokenLifetime(expiresIn), rest: baseOf(url) } };
  }
}

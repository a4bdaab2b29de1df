import type { UpstreamCall } from './observer.js';
/** A base URL as undici takes it: the origin, and the path prefix every request path is appended to. */
export interface BaseUrl {
  origin: string;
  basePath: string;
}

/** An access token and the REST base URL it was issued for. */
export interface AccessToken {
  accessToken: string;
  rest: BaseUrl;
  /** Seconds the token is valid for, as SFMC reported (`expires_in`). */
  expiresIn: number;
}

/**
 * Holds one SFMC access token per client. However many callers ask at once, one
 * token request is in flight (single-flight). The token is refreshed before it
 * expires, by 10% of its lifetime (at least 60 s, at most half of it), so a call
 * never starts with a token about to lapse. A failed request is not cached.
 */
export class TokenCache {
  private current: (AccessToken & { refreshAt: number }) | undefined;
  private inflight: Promise<AccessToken> | undefined;

  constructor(
    /** `trace`: where the request that starts a fetch records its exchanges (its log line). */
    private readonly fetchToken: (trace: UpstreamCall[] | undefined) => Promise<AccessToken>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached token while it is fresh: no promise to wait for on the common path. */
  fresh(): AccessToken | undefined {
    return this.current && this.now() < this.current.refreshAt ? this.current : undefined;
  }

  /** The token, fetched when stale; `trace` gets the token request's exchanges when this call starts the fetch. */
  get(trace?: UpstreamCall[]): Promise<AccessToken> {
    const fresh = this.fresh();
    if (fresh) return Promise.resolve(fresh);
    this.inflight ??= this.fetchToken(trace)
      .then((token) => {
        const margin = Math.min(Math.max(60, token.expiresIn * 0.1), token.expiresIn / 2);
        this.current = { ...token, refreshAt: this.now() + (token.expiresIn - margin) * 1000 };
        return token;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  /** Forgets `accessToken` if it is still the cached one (another caller may have refreshed already). */
  invalidate(accessToken: string): void {
    if (this.current?.accessToken === accessToken) this.current = undefined;
  }
}

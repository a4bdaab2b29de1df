import { describe, expect, it } from 'vitest';
import { normalizeInstanceUrl } from '../../src/sfmc/client.js';
import { requestPath } from '../../src/sfmc/endpoints.js';
import { Deadline, MIN_CALL_MS, StoppedWaiting } from '../../src/sfmc/deadline.js';
import { TokenCache, type AccessToken } from '../../src/sfmc/token-cache.js';
import { TransportFailure, type Exchange } from '../../src/sfmc/transport.js';
import { UpstreamGuard } from '../../src/sfmc/upstream-guard.js';

describe('rest_instance_url', () => {
  it.each([
    [
      'mc563885gzs27c5t9-63k636tzgm.rest.marketingcloudapis.com',
      'https://mc563885gzs27c5t9-63k636tzgm.rest.marketingcloudapis.com',
    ],
    [
      'https://mct0l7nxfq2r988t1kxfy8sc47ma.rest.marketingcloudapis.com/',
      'https://mct0l7nxfq2r988t1kxfy8sc47ma.rest.marketingcloudapis.com',
    ],
    ['127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://127.0.0.1:4010/prefix//', 'http://127.0.0.1:4010/prefix'],
  ])('normalises %j', (raw, expected) => {
    const authUrl = raw.startsWith('127.') ? 'http://127.0.0.1:4010' : 'https://x.auth.marketingcloudapis.com';
    expect(normalizeInstanceUrl(raw, authUrl)).toBe(expected);
  });

  it('refuses a non-http scheme', () => {
    expect(() => normalizeInstanceUrl('file:///etc/passwd', 'https://x.auth.marketingcloudapis.com')).toThrow();
  });
});

describe('TokenCache', () => {
  const token = (n: number, expiresIn = 1080): AccessToken => ({
    accessToken: `t${n}`,
    rest: { origin: 'https://r', basePath: '' },
    expiresIn,
  });

  it('makes one request however many callers wait (single-flight)', async () => {
    let fetched = 0;
    const cache = new TokenCache(async () => token(++fetched));
    const got = await Promise.all(Array.from({ length: 50 }, () => cache.get()));
    expect(fetched).toBe(1);
    expect(new Set(got.map((t) => t.accessToken))).toEqual(new Set(['t1']));
  });

  it('refreshes 10% (at least 60 s, at most half the lifetime) before expiry', async () => {
    let now = 0;
    let fetched = 0;
    const cache = new TokenCache(
      async () => token(++fetched),
      () => now,
    );
    await cache.get();
    now = (1080 - 108) * 1000 - 1;
    expect((await cache.get()).accessToken).toBe('t1');
    now += 1;
    expect((await cache.get()).accessToken).toBe('t2');
  });

  it('invalidates only the token that failed (another caller may have refreshed it)', async () => {
    let fetched = 0;
    const cache = new TokenCache(async () => token(++fetched));
    await cache.get();
    cache.invalidate('t0');
    expect((await cache.get()).accessToken).toBe('t1');
    cache.invalidate('t1');
    expect((await cache.get()).accessToken).toBe('t2');
  });

  it('does not cache a failed request', async () => {
    let calls = 0;
    const cache = new TokenCache(async () => {
      calls += 1;
      if (calls === 1) throw new Error('down');
      return token(calls);
    });
    await expect(cache.get()).rejects.toThrow('down');
    expect((await cache.get()).accessToken).toBe('t2');
  });
});

describe('UpstreamGuard', () => {
  const failing = () => Promise.reject(new TransportFailure('no-answer', 'UND_ERR_SOCKET'));
  const answered = (): Promise<Exchange> => Promise.resolve({ status: 200, headers: {}, json: {} });

  it('a call not sent (too little time left) is not a half-open circuit trial', async () => {
    const guard = new UpstreamGuard({ concurrency: { max: 2, queue: 2 }, breaker: { failures: 1, resetMs: 20 } });
    await expect(guard.run(failing, Deadline.after(5_000))).rejects.toBeInstanceOf(TransportFailure);
    expect(guard.breakerState()).toBe('open');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(guard.breakerState()).toBe('half-open');
    // Less than MIN_CALL_MS left: refused before the breaker, which stays waiting for a real trial.
    await expect(guard.run(answered, Deadline.after(MIN_CALL_MS / 2))).rejects.toBeInstanceOf(StoppedWaiting);
    expect(guard.breakerState()).toBe('half-open');
    await guard.run(answered, Deadline.after(5_000));
    expect(guard.breakerState()).toBe('closed');
  });
});

describe('requestPath', () => {
  const paged = { method: 'GET', path: '/x/v1/list', host: 'rest', resend: 'always', paged: true } as const;
  it('puts the fixed query, the call parameters and the page in that order', () => {
    expect(requestPath({ ...paged, query: 'type=keys' }, { operationID: '7 8' }, { page: 2, pageSize: 50 })).toBe(
      '/x/v1/list?type=keys&operationID=7+8&$page=2&$pageSize=50',
    );
  });
  it('leaves a plain path alone', () => {
    expect(requestPath({ ...paged, paged: false })).toBe('/x/v1/list');
  });
});

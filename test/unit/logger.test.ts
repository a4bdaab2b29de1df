import { describe, expect, it } from 'vitest';
import { createLogger, redactText } from '../../src/observability/logger.js';

describe('logger', () => {
  it('writes one JSON line per event and redacts credential-named fields at any depth', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    logger.log('debug', 'hidden', {});
    logger.log('info', 'seen', {
      requestId: 'r-1',
      authorization: 'Bearer abc',
      upstream: [{ endpoint: 'token', accessToken: 'tok-123', nested: { clientSecret: 's3cr3t' } }],
    });
    expect(lines).toHaveLength(1);
    expect([logger.enabled('debug'), logger.enabled('info'), logger.enabled('error')]).toEqual([false, true, true]);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'info',
      event: 'seen',
      requestId: 'r-1',
      authorization: '[redacted]',
      upstream: [{ endpoint: 'token', accessToken: '[redacted]', nested: { clientSecret: '[redacted]' } }],
    });
    expect(lines[0]).not.toMatch(/abc|tok-123|s3cr3t/);
  });

  it('redacts a credential-named key found only deep down, in an object with toJSON, or after many plain lines', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    // Plain lines first: the keys they hold are judged once and remembered; a secret key is still caught after them.
    for (let i = 0; i < 3; i += 1) logger.log('info', 'plain', { requestId: `r-${i}`, upstream: [{ endpoint: 'token' }] });
    const deep = { a: { b: { c: { d: { e: { f: { g: { h: { i: { password: 'deep-pw' } } } } } } } } } };
    logger.log('info', 'deep', deep);
    logger.log('info', 'custom', { wrapped: { toJSON: () => ({ token: 'json-tok' }) } });
    logger.log('info', 'array', { list: [[{ cookie: 'c00kie' }]] });
    expect(lines.slice(0, 3).map((line) => JSON.parse(line).requestId)).toEqual(['r-0', 'r-1', 'r-2']);
    expect(lines.join('\n')).not.toMatch(/deep-pw|json-tok|c00kie/);
    expect(JSON.parse(lines[5]!).list).toEqual([[{ cookie: '[redacted]' }]]);
  });

  it('masks what looks like a credential in free text', () => {
    expect(redactText('upstream said token=abc123, Bearer eyJhbGciOi.x.y')).toBe(
      'upstream said token=[redacted], Bearer [redacted]',
    );
  });
});

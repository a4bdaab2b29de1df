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

  it('masks what looks like a credential in free text', () => {
    expect(redactText('upstream said token=abc123, Bearer eyJhbGciOi.x.y')).toBe(
      'upstream said token=[redacted], Bearer [redacted]',
    );
  });
});

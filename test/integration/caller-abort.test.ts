import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { print } from 'graphql';
import { request } from 'undici';
import { expect, it } from 'vitest';
import { SEED_VARIABLES } from '../../src/server/graphiql-example.js';
import { UpdateContactDocument } from '../__generated__/graphql.js';
import { startStack, UPSTREAM, type Stack } from '../support/stack.js';

/**
 * The seed mutation from a caller that can go away: `abort()` drops the connection.
 * Sent chunked (no Content-Length), a request is Yoga's, not the hot path's.
 */
function abortableUpdate(stack: Stack, options: { chunked?: boolean } = {}) {
  const caller = new AbortController();
  const body = JSON.stringify({ query: print(UpdateContactDocument), variables: SEED_VARIABLES });
  const sent = request(`${stack.app.url}/graphql`, {
    method: 'POST',
    signal: caller.signal,
    headers: { 'content-type': 'application/json' },
    body: options.chunked ? Readable.from([body]) : body,
  }).catch(() => undefined);
  return { sent, abort: () => caller.abort() };
}

it('callers that go away neither open the circuit breaker nor hold shutdown up', { timeout: 30_000 }, async () => {
  const stack = await startStack({
    http: { shutdownTimeoutMs: 20_000 },
    // The first caller goes away while its token request is under way; the token arrives after its request has
    // ended, and a call that ends after its request is not counted (docs/observability.md). SFMC logs it.
    ledgerExempt: 'a token request outlives the cancelled request that started it',
  });
  stack.emulator.setLatency(50);
  // More aborted calls than the breaker's failure threshold (5).
  for (let i = 0; i < 8; i += 1) {
    const { sent, abort } = abortableUpdate(stack);
    while (stack.emulator.stats().inFlight === 0) await sleep(2);
    abort();
    await sent;
  }
  expect(stack.sfmc.breakerState()).toBe('closed');
  const res = await stack.graphql(UpdateContactDocument, SEED_VARIABLES);
  expect(res.data?.updateContact.operationStatus).toBe('OK');

  // A request still counted in flight would hold shutdown up for the whole 20 s shutdown timeout.
  const started = Date.now();
  await stack.close();
  expect(Date.now() - started).toBeLessThan(20_000);
});

it.each(['the hot path', 'Yoga'])(
  'a caller that goes away cancels its SFMC call (%s)',
  async (path) => {
    // Neither the deadline nor SFMC's answer comes before the test's timeout: only the cancellation can end the call.
    const stack = await startStack({
      upstream: { timeouts: { ...UPSTREAM.timeouts, headersMs: 20_000, deadlineMs: 20_000 } },
    });
    stack.emulator.injectFault({ route: 'patch', kind: { type: 'delay', ms: 20_000 } });
    const { sent, abort } = abortableUpdate(stack, { chunked: path === 'Yoga' });
    // The token comes at once; then the PATCH waits in SFMC.
    while (stack.emulator.issuedTokens().length === 0 || stack.emulator.stats().inFlight === 0) await sleep(2);
    await sleep(20);
    abort();
    await sent;
    while (stack.emulator.stats().inFlight > 0) await sleep(5);
    await stack.close();
    const line = stack.logs.findLast((l) => l.event === 'graphql.request');
    expect(line).toMatchObject({
      outcome: 'UNKNOWN',
      upstream: [
        { endpoint: 'token', status: 200 },
        { endpoint: 'updateContact', status: null },
      ],
    });
    expect(stack.app.hotPathRequests()).toBe(path === 'the hot path' ? 1 : 0);
  },
  8_000,
);

it('a caller that goes away while its SFMC call waits for a slot is never sent', async () => {
  const stack = await startStack({
    upstream: { concurrency: { max: 1, queue: 10 }, timeouts: { ...UPSTREAM.timeouts, headersMs: 20_000, deadlineMs: 20_000 } },
  });
  stack.emulator.injectFault({ route: 'patch', kind: { type: 'delay', ms: 500 } });
  const holding = stack.graphql(UpdateContactDocument, SEED_VARIABLES); // takes the one slot for 500 ms
  while (stack.emulator.issuedTokens().length === 0 || stack.emulator.stats().inFlight === 0) await sleep(2);
  const queued = abortableUpdate(stack);
  await sleep(50);
  queued.abort();
  await queued.sent;
  expect((await holding).data?.updateContact.operationStatus).toBe('OK');
  await sleep(100); // the queued call's turn came when the slot was freed
  await stack.close();
  expect(stack.emulator.callCount('PATCH', '/contacts/v1/contacts')).toBe(1);
  const lines = stack.logs.filter((l) => l.event === 'graphql.request');
  expect(lines.map((l) => l.outcome).sort()).toEqual(['OK', 'UPSTREAM_UNAVAILABLE']);
  expect(lines.find((l) => l.outcome === 'UPSTREAM_UNAVAILABLE')).toMatchObject({ upstream: [] });
});

it.each([
  ['the hot path', 'content-length: 100', '{"query":'],
  ['Yoga', 'transfer-encoding: chunked', '9\r\n{"query":\r\n'],
])('a caller gone while sending its body still gets its log line and metrics (%s)', async (_path, framing, partial) => {
  const stack = await startStack();
  const socket = connect(Number(new URL(stack.app.url).port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(`POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n${framing}\r\n\r\n${partial}`);
  await sleep(100);
  socket.destroy();
  for (let i = 0; i < 200 && !stack.logs.some((l) => l.event === 'graphql.request'); i += 1) await sleep(10);
  const metrics = await (await fetch(`${stack.app.url}/metrics`)).text();
  await stack.close();
  expect(stack.logs.find((l) => l.event === 'graphql.request')).toMatchObject({ status: 400, upstream: [] });
  expect(metrics).toMatch(/^graphql_requests_total\{[^}]*outcome="BAD_REQUEST"[^}]*\} 1$/m);
  expect(stack.emulator.callCount('PATCH', '/contacts/v1/contacts')).toBe(0);
});

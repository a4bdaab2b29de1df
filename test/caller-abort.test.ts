import { setTimeout as sleep } from 'node:timers/promises';
import { print } from 'graphql';
import { request } from 'undici';
import { expect, it } from 'vitest';
import { SEED_VARIABLES } from '../src/server/graphiql-example.js';
import { UpdateContactDocument } from './__generated__/graphql.js';
import { startStack } from './support/stack.js';

it('callers that go away neither open the circuit breaker nor hold shutdown up', async () => {
  const stack = await startStack({ http: { shutdownTimeoutMs: 20_000 } });
  stack.emulator.setLatency(50);
  // More aborted calls than the breaker's failure threshold (5).
  for (let i = 0; i < 8; i += 1) {
    const caller = new AbortController();
    const sent = request(`${stack.app.url}/graphql`, {
      method: 'POST',
      signal: caller.signal,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: print(UpdateContactDocument), variables: SEED_VARIABLES }),
    }).catch(() => undefined);
    while (stack.emulator.stats().inFlight === 0) await sleep(2);
    caller.abort();
    await sent;
  }
  expect(stack.sfmc.breakerState()).toBe('closed');
  const res = await stack.graphql(UpdateContactDocument, SEED_VARIABLES);
  expect(res.data?.updateContact.operationStatus).toBe('OK');

  const started = Date.now();
  await stack.close();
  expect(Date.now() - started).toBeLessThan(5_000); // not the 20 s shutdown timeout
});

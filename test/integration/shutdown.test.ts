import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { SEED_VARIABLES } from '../../src/server/graphiql-example.js';
import { UpdateContactDocument } from '../__generated__/graphql.js';
import { startStack } from '../support/stack.js';

describe('graceful shutdown', () => {
  it('turns /ready unavailable, refuses new requests, and lets an in-flight PATCH finish', async () => {
    const stack = await startStack({ http: { shutdownDelayMs: 1_000 } });
    // One keep-alive connection, so a request after shutdown began reaches the draining server.
    const client = new Agent({ connections: 1, pipelining: 0 });
    try {
      const health = await request(`${stack.app.url}/health`, { dispatcher: client });
      expect(health.statusCode).toBe(200);
      await health.body.dump();
      const ready = await request(`${stack.app.url}/ready`, { dispatcher: client });
      expect(ready.statusCode).toBe(200);
      await ready.body.dump();

      stack.emulator.injectFault({ route: 'patch', kind: { type: 'delay', ms: 1_500 } });
      const inFlight = stack.graphql(UpdateContactDocument, SEED_VARIABLES);
      while (stack.emulator.stats().inFlight === 0) await sleep(10); // the PATCH is at the (slow) emulator
      const closing = stack.app.close();

      const notReady = await request(`${stack.app.url}/ready`, { dispatcher: client });
      expect(notReady.statusCode).toBe(503);
      // Every answer while draining closes its connection: the next request opens a new one, never a closing socket.
      expect(notReady.headers.connection).toBe('close');
      await notReady.body.dump();
      const refused = await request(`${stack.app.url}/graphql`, {
        dispatcher: client,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ attributeGroups { name } }' }),
      });
      expect(refused.statusCode).toBe(503);
      expect(refused.headers.connection).toBe('close');
      expect(await refused.body.json()).toMatchObject({ errors: [{ extensions: { code: 'SHUTTING_DOWN', retryable: true } }] });

      const result = await inFlight;
      expect(result.data?.updateContact.operationStatus).toBe('OK');
      expect(stack.emulator.callCount('PATCH', '/contacts/v1/contacts')).toBe(1);
      await closing;
      await expect(request(`${stack.app.url}/health`)).rejects.toThrow();
    } finally {
      await client.close();
      await stack.sfmc.close();
      await stack.emulator.close();
    }
  });
});

describe('load shedding', () => {
  it('refuses requests beyond MAX_IN_FLIGHT with OVERLOADED (503, retryable), sending nothing, on both doors', async () => {
    const stack = await startStack({ http: { maxInFlight: 2 } });
    try {
      stack.emulator.injectFault({ route: 'patch', kind: { type: 'delay', ms: 1_000 }, times: 2 });
      const held = [stack.graphql(UpdateContactDocument, SEED_VARIABLES), stack.graphql(UpdateContactDocument, SEED_VARIABLES)];
      while (stack.emulator.stats().inFlight < 2) await sleep(10);
      expect(stack.app.hotPathRequests()).toBe(2); // the held ones

      // Refused once its body has arrived, on the hot path as on Yoga's.
      const hotPathShaped = await stack.graphql(UpdateContactDocument, SEED_VARIABLES);
      expect(stack.app.hotPathRequests()).toBe(3);
      const viaYoga = await stack.graphql(UpdateContactDocument, SEED_VARIABLES, { origin: 'https://elsewhere.example' });
      expect(stack.app.hotPathRequests()).toBe(3);
      for (const refused of [hotPathShaped, viaYoga]) {
        expect(refused.status).toBe(503);
        expect(refused.headers['retry-after']).toBe('1');
        expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'OVERLOADED', retryable: true });
      }

      const results = await Promise.all(held);
      expect(results.map((r) => r.data?.updateContact.operationStatus)).toEqual(['OK', 'OK']);
      expect(stack.emulator.callCount('PATCH', '/contacts/v1/contacts')).toBe(2);
      // Capacity is back once they finished.
      const after = await stack.graphql(UpdateContactDocument, SEED_VARIABLES);
      expect(after.data?.updateContact.operationStatus).toBe('OK');
    } finally {
      await stack.close();
    }
  });

  it('does not count a request whose body is still arriving: it holds no GraphQL slot', async () => {
    const stack = await startStack({ http: { maxInFlight: 1 } });
    const { port } = new URL(stack.app.url);
    const slow = connect(Number(port), '127.0.0.1');
    try {
      await new Promise((resolve) => slow.once('connect', resolve));
      slow.write('POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"query":');
      await sleep(100); // the server has its headers: the request has begun, its body is not complete
      const answered = await stack.graphql(UpdateContactDocument, SEED_VARIABLES);
      expect(answered.status).toBe(200);
      expect(answered.data?.updateContact.operationStatus).toBe('OK');
    } finally {
      slow.destroy();
      await stack.close();
    }
  });
});

import { connect, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { print } from 'graphql';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_VARIABLES } from '../../src/server/graphiql-example.js';
import { UpdateContactDocument } from '../__generated__/graphql.js';
import { AUTH_ENV, signToken } from '../support/jwt.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * Denial of service at the front door (issue 15, items 1, 2, 9 and 21): what an unauthenticated
 * caller can make the service spend, hold or write. Over loopback, on both doors (the JSON POST
 * hot path, and Yoga, reached with an `Origin` header or a chunked body).
 */

const UPDATE = print(UpdateContactDocument);
const SEED = JSON.stringify({ query: UPDATE, variables: SEED_VARIABLES });

/**
 * A connection that sends its headers and 10 bytes of a 1,000-byte body, then nothing; `answer` is all it got back,
 * once closed. Every other one goes to Yoga's door (an Origin header), the rest take the hot path.
 */
interface SlowBody {
  socket: Socket;
  answer: Promise<string>;
}

function slowBody(url: string, viaYoga: boolean): Promise<SlowBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ port: Number(new URL(url).port), host: '127.0.0.1' });
    const answer = new Promise<string>((done) => socket.once('close', () => done(Buffer.concat(chunks).toString('latin1'))));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      socket.write(
        `POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n${
          // An Origin header sends the request to Yoga's door.
          viaYoga ? 'origin: https://elsewhere.example\r\n' : ''
        }\r\n{"query":"`,
        () => resolve({ socket, answer }),
      );
    });
    socket.once('error', reject);
  });
}

async function slowBodies(url: string, count: number): Promise<SlowBody[]> {
  const opened: SlowBody[] = [];
  // In batches: 500 connects at once would only measure the test's own listen backlog.
  for (let i = 0; i < count; i += 50) {
    opened.push(...(await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => slowBody(url, j % 2 === 1)))));
  }
  return opened;
}

type Door = 'hot path' | 'yoga';

async function post(stack: Stack, door: Door, body: string, headers: Record<string, string> = {}, dispatcher?: Agent) {
  const res = await request(`${stack.app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    // Yoga serves a chunked body (no Content-Length); the hot path takes the rest.
    body: door === 'yoga' ? Readable.from([Buffer.from(body)]) : body,
    reset: true,
    ...(dispatcher ? { dispatcher } : {}),
  });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    headers: res.headers,
    text,
    json: JSON.parse(text) as { data?: any; errors?: { extensions?: Record<string, unknown> }[] },
  };
}

describe('1. slow bodies hold no GraphQL slot', () => {
  it('500 connections trickling their bodies: a mutation is still answered, /ready stays 200, each slow one gets 408', async () => {
    // Room for all 500 under one address: this test is about the GraphQL slots (MAX_IN_FLIGHT, 500 by default).
    const stack = await startStack({ env: { MAX_RECEIVING_PER_ADDRESS: '1000' } });
    let slow: SlowBody[] = [];
    try {
      slow = await slowBodies(stack.app.url, 500);
      const ready = await request(`${stack.app.url}/ready`);
      expect(ready.statusCode).toBe(200);
      await ready.body.dump();
      for (const door of ['hot path', 'yoga'] as const) {
        const started = Date.now();
        const res = await post(stack, door, SEED);
        expect(res.status, door).toBe(200);
        expect(res.json.data?.updateContact.operationStatus).toBe('OK');
        // Answered while the 500 are still open, and well inside their timeout: a generous bound, not a margin.
        expect(Date.now() - started).toBeLessThan(3_000);
      }
      expect(slow.every((s) => !s.socket.destroyed)).toBe(true);
      // Each slow body is cut off by the request timeout (5 s by default): 408, connection closed.
      const answers = await Promise.all(slow.map((s) => s.answer));
      expect(answers.filter((a) => a.startsWith('HTTP/1.1 408 '))).toHaveLength(500);
    } finally {
      for (const s of slow) s.socket.destroy();
      await stack.close();
    }
  }, 30_000);

  it('one address may have only MAX_RECEIVING_PER_ADDRESS bodies arriving: the rest get 429 at once; other addresses are served', async () => {
    const stack = await startStack();
    const elsewhere = new Agent({ localAddress: '127.0.0.2' });
    let slow: SlowBody[] = [];
    try {
      slow = await slowBodies(stack.app.url, 100);
      // 32 (the default) hold their place; the others are refused as their headers arrive, and closed.
      const deadline = Date.now() + 3_000;
      while (slow.filter((s) => s.socket.destroyed).length < 68 && Date.now() < deadline) await sleep(20);
      const refused = slow.filter((s) => s.socket.destroyed);
      expect(refused).toHaveLength(68);
      for (const answer of await Promise.all(refused.map((s) => s.answer))) {
        expect(answer).toMatch(/^HTTP\/1\.1 429 /);
        expect(answer).toMatch(/\r\nretry-after: 1\r\n/i);
        expect(answer).toContain('"code":"RATE_LIMITED"');
      }
      for (const door of ['hot path', 'yoga'] as const) {
        const res = await post(stack, door, SEED, {}, elsewhere);
        expect(res.status, `${door}: ${res.text} ${JSON.stringify(stack.logs.at(-1))}`).toBe(200);
        expect(res.json.data?.updateContact.operationStatus).toBe('OK');
      }
      const lines = stack.logs.filter((l) => l.event === 'graphql.request' && l.status === 429);
      expect(lines.length).toBe(68);
      expect(lines[0]).toMatchObject({ clientAddress: '127.0.0.1', errorCodes: ['RATE_LIMITED'] });
    } finally {
      for (const s of slow) s.socket.destroy();
      await elsewhere.close();
      await stack.close();
    }
  }, 30_000);
});

describe('2 and 9. authentication comes first, and failures are rate-limited per address', () => {
  let stack: Stack;
  let admin: string;
  beforeAll(async () => {
    stack = await startStack({
      env: AUTH_ENV,
      http: { rateLimit: { requests: 1_000_000, adminRequests: 1_000_000, failedRequests: 5, windowSeconds: 60 } },
    });
    admin = `Bearer ${await signToken({ sub: 'ops@example.com', scope: 'contacts:write' })}`;
  });
  afterAll(() => stack.close());

  it('an unauthenticated caller cannot tell real fields from unknown ones: both are 401, alike', async () => {
    const real = await post(stack, 'hot path', JSON.stringify({ query: '{ attributeGroups { name } }' }));
    const unknown = await post(stack, 'hot path', JSON.stringify({ query: '{ nope { nothing } }' }));
    const broken = await post(stack, 'yoga', JSON.stringify({ query: 'query {' }));
    for (const res of [real, unknown, broken]) {
      expect(res.status).toBe(401);
      expect(res.json.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(unknown.text).toBe(real.text);
    expect(broken.text).toBe(real.text);
    expect(stack.emulator.calls).toEqual([]);
  });

  it('failed authentications from one address are refused with 429 past their budget, on both doors; a valid token still passes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const res = await post(stack, i % 2 === 0 ? 'hot path' : 'yoga', JSON.stringify({ query: '{ nope }' }), {
        authorization: 'Bearer not-a-valid-token',
        // Not a trusted proxy: a forwarded address is not believed, so it does not escape the budget.
        'x-forwarded-for': `203.0.113.${i}`,
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers['retry-after']).toMatch(/^\d+$/);
        expect(res.json.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
      }
    }
    // The earlier test spent one failure per request (3 of 5).
    expect(statuses).toEqual([401, 401, 429, 429, 429, 429, 429, 429]);
    const valid = await post(stack, 'hot path', JSON.stringify({ query: '{ __typename }' }), { authorization: admin });
    expect(valid.status).toBe(200);
    expect(stack.emulator.calls).toEqual([]);
  });
});

describe('2. parse and validation failures spend the caller’s budget', () => {
  it('a caller sending broken documents is refused with 429 past its budget', async () => {
    const stack = await startStack({
      env: AUTH_ENV,
      http: { rateLimit: { requests: 3, adminRequests: 3, windowSeconds: 60 } },
    });
    try {
      const self = `Bearer ${await signToken({ sub: 'acruz@example.com' })}`;
      const statuses: number[] = [];
      for (const query of ['query {', '{ nope }', 'query {', '{ nope }', 'query {']) {
        statuses.push((await post(stack, 'hot path', JSON.stringify({ query }), { authorization: self })).status);
      }
      expect(statuses).toEqual([400, 400, 400, 429, 429]);
    } finally {
      await stack.close();
    }
  });
});

describe('2. logged strings a caller chooses are cut short', () => {
  it('a 30 KB operation name, 5 KB user agent and request id make a short log line', async () => {
    const stack = await startStack({ env: AUTH_ENV });
    try {
      const admin = `Bearer ${await signToken({ sub: 'ops@example.com', scope: 'contacts:write' })}`;
      const name = `Op${'x'.repeat(30_000)}`;
      const headers = { 'user-agent': 'u'.repeat(5_000), 'x-request-id': 'r'.repeat(5_000) };
      for (const [door, authorization] of [
        ['hot path', admin],
        ['yoga', admin],
        ['hot path', 'Bearer nope'],
      ] as const) {
        const before = stack.logs.length;
        await post(stack, door, JSON.stringify({ query: `query ${name} { __typename }`, operationName: name }), {
          ...headers,
          authorization,
        });
        const line = stack.logs.slice(before).find((l) => l.event === 'graphql.request');
        expect(line, door).toBeDefined();
        expect(JSON.stringify(line).length).toBeLessThan(1_000);
        expect(String(line?.userAgent)).toHaveLength(101);
        expect(line?.requestId).toMatch(/^[0-9a-f-]{36}$/);
        // Named when it was parsed (an authenticated caller's), never when refused before parsing.
        expect(line?.operation).toBe(authorization === admin ? `${name.slice(0, 100)}…` : null);
      }
    } finally {
      await stack.close();
    }
  });
});

describe('21. x-request-id is adopted only from a trusted proxy', () => {
  it('by default every request id is made here, on both doors', async () => {
    const stack = await startStack();
    try {
      for (const door of ['hot path', 'yoga'] as const) {
        const res = await post(stack, door, JSON.stringify({ query: '{ __typename }' }), {
          'x-request-id': 'chosen-by-caller-0001',
        });
        expect(res.status).toBe(200);
        expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      }
    } finally {
      await stack.close();
    }
  });

  it('from a trusted proxy, its x-request-id is adopted and the client address is the forwarded one', async () => {
    const stack = await startStack({ env: { TRUSTED_PROXIES: '127.0.0.0/8' } });
    try {
      for (const door of ['hot path', 'yoga'] as const) {
        const before = stack.logs.length;
        const res = await post(stack, door, JSON.stringify({ query: '{ __typename }' }), {
          'x-request-id': 'gateway-chosen-0001',
          // The caller's own claim (198.51.100.7) is further out than the proxy's: the proxy's word is taken.
          'x-forwarded-for': '198.51.100.7, 203.0.113.9',
        });
        expect(res.headers['x-request-id']).toBe('gateway-chosen-0001');
        const line = stack.logs.slice(before).find((l) => l.event === 'graphql.request');
        expect(line).toMatchObject({ requestId: 'gateway-chosen-0001', clientAddress: '203.0.113.9' });
      }
    } finally {
      await stack.close();
    }
  });
});

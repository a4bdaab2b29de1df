import type { IncomingMessage, ServerResponse } from 'node:http';
import { invalidValue, statusError } from './gateway-errors.js';
import { sendJson, type JsonReply } from './http-json.js';
import { parseJsonBody, Refusal, type Parsed } from './json-request.js';
import { isJsonObject } from '../json-object.js';
import { ENDPOINTS, type EndpointName } from '../sfmc/endpoints.js';
import type { Fault, FaultKind, FaultRoute } from './types.js';

/**
 * Injected upstream faults: what a real SFMC (or the network to it) does on a bad
 * day, on demand, so the service's policy can be tested end to end. Faults queue per
 * endpoint of the service's table (`src/sfmc/endpoints.ts`), named as there or by an
 * earlier alias; each applies to the next `times` requests to it.
 */

/** The fault routes' first names, still accepted for the endpoints they named. */
const ROUTE_ALIASES = {
  patch: 'updateContact',
  attributesSearch: 'searchAttributes',
  emailSearch: 'searchEmailAddresses',
} as const satisfies Record<string, EndpointName>;

const isFaultRoute = (route: string): route is FaultRoute =>
  Object.hasOwn(ENDPOINTS, route) || Object.hasOwn(ROUTE_ALIASES, route);

/** The endpoint a fault route names: an endpoint's own name in the service's table, or an alias. */
const endpointOf = (route: FaultRoute): EndpointName =>
  Object.hasOwn(ROUTE_ALIASES, route) ? ROUTE_ALIASES[route as keyof typeof ROUTE_ALIASES] : (route as EndpointName);

export class FaultQueue {
  private readonly queues = new Map<EndpointName, { kind: FaultKind; left: number }[]>();

  add(fault: Fault): void {
    const endpoint = endpointOf(fault.route);
    const queue = this.queues.get(endpoint) ?? [];
    queue.push({ kind: fault.kind, left: fault.times ?? 1 });
    this.queues.set(endpoint, queue);
  }

  clear(): void {
    this.queues.clear();
  }

  /** The fault for the next request to `endpoint`, using up one of its times. */
  take(endpoint: EndpointName): FaultKind | undefined {
    const queue = this.queues.get(endpoint);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.left -= 1;
    if (head.left <= 0) queue.shift();
    return head.kind;
  }
}

const refuse = (): never => {
  throw new Refusal(invalidValue());
};

function wholeNumber(value: unknown, min: number, max: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : refuse();
}

function stringMap(value: unknown): Record<string, string> {
  if (!isJsonObject(value) || !Object.values(value).every((v) => typeof v === 'string')) refuse();
  return value as Record<string, string>;
}

function faultKind(value: unknown): FaultKind {
  if (!isJsonObject(value)) return refuse();
  switch (value.type) {
    case 'status':
      return {
        type: 'status',
        status: wholeNumber(value.status, 100, 599),
        ...(value.body !== undefined ? { body: value.body } : {}),
        ...(value.headers !== undefined ? { headers: stringMap(value.headers) } : {}),
      };
    case 'delay':
    case 'stall-headers':
      return { type: value.type, ms: wholeNumber(value.ms, 0, 600_000) };
    case 'oversized-body':
      return { type: 'oversized-body', bytes: wholeNumber(value.bytes, 2, 64 * 1024 * 1024) };
    case 'reset-before-processing':
    case 'reset-after-processing':
    case 'stall-body':
    case 'malformed-body':
      return { type: value.type };
    default:
      return refuse();
  }
}

/** The body of `POST /__emulator/faults`; anything else is 400 Invalid Value. */
export function parseFault(text: string): Parsed<Fault> {
  return parseJsonBody(text, (body) => {
    if (!isJsonObject(body) || typeof body.route !== 'string' || !isFaultRoute(body.route)) return refuse();
    return {
      route: body.route,
      ...(body.times !== undefined ? { times: wholeNumber(body.times, 1, 1_000_000) } : {}),
      kind: faultKind(body.kind),
    };
  });
}

/** The body of `POST /__emulator/latency`: `{ "ms": 0..600000 }`. */
export function parseLatency(text: string): Parsed<number> {
  return parseJsonBody(text, (body) => wholeNumber(isJsonObject(body) ? body.ms : undefined, 0, 600_000));
}

/** A fault that answers before anything is processed, or undefined for the others. */
export function answerBeforeProcessing(kind: FaultKind): JsonReply | 'reset' | undefined {
  if (kind.type === 'reset-before-processing') return 'reset';
  if (kind.type !== 'status') return undefined;
  const reply = statusError(kind.status);
  return {
    status: kind.status,
    ...(kind.body !== undefined ? { body: kind.body } : reply.body !== undefined ? { body: reply.body } : {}),
    ...(kind.headers !== undefined ? { headers: kind.headers } : {}),
  };
}

/** The status recorded for a processed request answered as `kind` spoils it: 0 when no answer arrives. */
export function recordedStatus(kind: FaultKind | undefined, reply: JsonReply): number {
  switch (kind?.type) {
    case 'reset-after-processing':
    case 'stall-headers':
    case 'stall-body':
      return 0;
    case 'malformed-body':
    case 'oversized-body':
      return 200;
    default:
      return reply.status;
  }
}

function sendRaw(res: ServerResponse, status: number, body: Buffer): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) });
  res.end(body);
}

/** Sends the answer to a processed request, spoiled as `kind` says; `pause` waits unless the emulator closes. */
export async function sendProcessed(
  req: IncomingMessage,
  res: ServerResponse,
  reply: JsonReply,
  kind: FaultKind | undefined,
  pause: (ms: number) => Promise<void>,
): Promise<void> {
  // The client may hang up while a spoiled answer is written; that is the point.
  res.on('error', () => undefined);
  switch (kind?.type) {
    case 'reset-after-processing':
      req.socket.destroy();
      return;
    case 'stall-headers':
      await pause(kind.ms);
      if (!req.socket.destroyed) sendJson(res, reply);
      return;
    case 'stall-body': {
      const text = Buffer.from(JSON.stringify(reply.body ?? {}));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(text.length) });
      res.write(text.subarray(0, Math.floor(text.length / 2)));
      return; // the rest never comes
    }
    case 'malformed-body':
      sendRaw(res, 200, Buffer.from('{"operationStatus":"OK","rowsAff'));
      return;
    case 'oversized-body': {
      const head = '{"operationStatus":"OK","padding":"';
      const size = Math.max(kind.bytes, head.length + 2);
      sendRaw(res, 200, Buffer.from(`${head}${'x'.repeat(size - head.length - 2)}"}`));
      return;
    }
    default:
      sendJson(res, reply);
  }
}

/**
 * The floor: a minimal node:http handler that takes the same update as plain JSON,
 * builds the same PATCH body, forwards it with an undici Pool and maps the answer
 * into the same payload shape. No GraphQL, no validation, no auth.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const upstream = process.env.UPSTREAM ?? 'http://127.0.0.1:4110';
const pool = new Pool(upstream, { connections: 128, keepAliveTimeout: 60_000 });
let token = '';

type Row = Record<string, unknown>;
type Sets = { name: string; items: { values: { name: string; value: unknown }[] }[] }[];

/** A minimal check, then the PATCH body rebuilt from the caller's SFMC-shaped JSON. */
function patchBody(input: Row) {
  if (typeof input.contactKey !== 'string' || !Array.isArray(input.attributeSets)) throw new Error('bad input');
  const sets = (input.attributeSets as Sets).map((set) => ({
    name: set.name,
    items: set.items.map((i) => ({ values: i.values.map((v) => ({ name: v.name, value: v.value })) })),
  }));
  return {
    contactKey: input.contactKey,
    ...(input.contactId !== undefined ? { contactId: input.contactId } : {}),
    attributeSets: sets,
  };
}

async function ensureToken() {
  if (token) return token;
  const res = await pool.request({
    method: 'POST',
    path: '/v2/token',
    headers: { 'content-type': 'application/json' },
    body: '{"grant_type":"client_credentials"}',
  });
  token = ((await res.body.json()) as { access_token: string }).access_token;
  return token;
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    try {
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Row;
      const body = JSON.stringify(patchBody(input));
      const response = await pool.request({
        method: 'PATCH',
        path: '/contacts/v1/contacts',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await ensureToken()}` },
        body,
      });
      const r = (await response.body.json()) as Row;
      const payload = {
        data: {
          updateContact: {
            operationStatus: r.operationStatus,
            rowsAffected: r.rowsAffected ?? r.rowsAffetcted,
            contactKey: r.contactKey,
            contactId: String(r.contactID ?? r.contactId),
            contactTypeId: r.contactTypeID,
            isNewContactKey: r.isNewContactKey,
            hasErrors: r.hasErrors,
            messages: r.resultMessages,
            requestServiceMessageId: r.requestServiceMessageID,
            serviceMessageId: r.serviceMessageID,
            responseDateTime: r.responseDateTime ?? null,
          },
        },
      };
      const out = JSON.stringify(payload);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
    } catch {
      res.writeHead(500).end();
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  // bench/run.ts reads the bound port from this line.
  console.log(JSON.stringify({ event: 'server.started', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

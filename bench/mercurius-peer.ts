/**
 * The reference peer: the same mutation served by Fastify + Mercurius with JIT,
 * the peer to beat (docs/performance.md). Same schema text as the
 * service, same translation (validation included) and the same undici Pool
 * upstream call; no auth, limits or logging.
 */
import Fastify from 'fastify';
import { printSchema } from 'graphql';
import mercurius from 'mercurius';
import { Pool } from 'undici';
import { buildSchema } from '../src/schema/index.js';
import { buildPatchBody, type UpdateContactInput } from '../src/translate/patch-body.js';
import { toUpdateResult } from '../src/translate/update-result.js';
import { serviceCatalog } from './payloads.js';

const upstream = process.env.UPSTREAM ?? 'http://127.0.0.1:4110';
const pool = new Pool(upstream, { connections: 128, keepAliveTimeout: 60_000 });
let token = '';
let requests = 0;

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

const app = Fastify({ logger: false, keepAliveTimeout: 60_000 });
await app.register(mercurius, {
  schema: printSchema(buildSchema(serviceCatalog).schema),
  jit: 1,
  resolvers: {
    Mutation: {
      updateContact: async (_root: unknown, { input }: { input: UpdateContactInput }) => {
        const body = JSON.stringify(buildPatchBody(serviceCatalog, input));
        const response = await pool.request({
          method: 'PATCH',
          path: '/contacts/v1/contacts',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await ensureToken()}` },
          body,
        });
        requests += 1;
        return toUpdateResult(await response.body.json(), `req-${requests}`);
      },
    },
  },
});
const url = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
// bench/run.ts reads the bound port from this line.
console.log(JSON.stringify({ event: 'server.started', url }));
process.send?.('ready');
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));

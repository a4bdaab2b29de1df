/**
 * A lean SFMC-shaped upstream for the benchmark: `POST /v2/token` and
 * `PATCH /contacts/v1/contacts` answering SFMC's documented example response after
 * reading the whole body, with an optional delay (`POST /__delay?ms=20`) and a PATCH
 * counter (`GET /__count`). Leaner than the emulator on purpose: the benchmark
 * measures the layer, not the emulator's validation.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// SFMC's documented example response (the seed's), as the test fixtures hold it.
const RESPONSE = JSON.stringify(
  JSON.parse(readFileSync(new URL('../test/fixtures/seed-response.json', import.meta.url), 'utf8')),
);

let delayMs = 0;
let patches = 0;
let port = Number(process.env.PORT ?? 0);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const url = req.url ?? '/';
    const json = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (url.startsWith('/__delay')) {
      delayMs = Number(new URL(url, 'http://x').searchParams.get('ms') ?? 0);
      return json(200, '{}');
    }
    if (url === '/__count') return json(200, JSON.stringify({ patches }));
    if (url === '/v2/token') {
      return json(
        200,
        JSON.stringify({
          access_token: 'bench-token',
          expires_in: 1080,
          token_type: 'Bearer',
          rest_instance_url: `http://127.0.0.1:${port}/`,
        }),
      );
    }
    if (req.method === 'PATCH' && url === '/contacts/v1/contacts') {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      patches += 1;
      if (delayMs > 0) setTimeout(() => json(200, RESPONSE), delayMs);
      else json(200, RESPONSE);
      return;
    }
    json(404, '{"message":"Object Not Found","errorcode":30003}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => {
  port = (server.address() as AddressInfo).port;
  // bench/run.ts reads the bound port from this line.
  console.log(JSON.stringify({ event: 'server.started', url: `http://127.0.0.1:${port}` }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

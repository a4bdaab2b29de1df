/**
 * What metrics and tracing add to a request: sequential `updateContact` mutations over loopback into
 * the app's listener (the JSON POST hot path, as servers and gateways send them), against the
 * emulator on loopback, with no telemetry,
 * with metrics, and with metrics and tracing (batched spans to an exporter that drops them).
 * The variants take turns request by request, so drift and a busy machine hit all of them alike.
 * With `--tracing` the tracer provider is registered (its AsyncLocalStorage context manager then
 * tracks async work process-wide, the `none` variant's too) and the tracing variants run.
 *
 *   npx tsx bench/telemetry-cost.ts [mutations per variant, default 2000] [--tracing]
 */
import { ExportResultCode } from '@opentelemetry/core';
import { BatchSpanProcessor, NodeTracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { print } from 'graphql';
import { Pool } from 'undici';
import { standardCatalog } from '../src/catalog/index.js';
import { loadConfig } from '../src/config.js';
import { startEmulator } from '../src/emulator/index.js';
import { SEED_VARIABLES } from '../src/server/graphiql-example.js';
import { createApp } from '../src/server/app.js';
import { createCallerAuth } from '../src/auth/caller-auth.js';
import { createLogger } from '../src/observability/logger.js';
import { createTelemetry, type Telemetry } from '../src/observability/telemetry.js';
import { SfmcClient } from '../src/sfmc/client.js';
import { UpdateContactDocument } from '../test/__generated__/graphql.js';

const perVariant = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 2000);
const withTracing = process.argv.includes('--tracing');

const dropSpans: SpanExporter = { export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }), shutdown: async () => {} };
const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropSpans)] });
if (withTracing) provider.register();

const emulator = await startEmulator();
const config = loadConfig({});
const body = JSON.stringify({ query: print(UpdateContactDocument), variables: SEED_VARIABLES });

async function variant(telemetry: Telemetry | undefined) {
  const sfmc = new SfmcClient(
    { authUrl: emulator.url, clientId: emulator.clientId, clientSecret: emulator.clientSecret, ...config.upstream },
    { observer: telemetry?.sfmcObserver },
  );
  const { listener } = createApp({
    catalog: standardCatalog,
    sfmc,
    logger: createLogger('error', () => {}),
    auth: createCallerAuth(config.auth),
    http: { ...config.http, rateLimit: { requests: 1e9, adminRequests: 1e9, windowSeconds: 60 } },
    graphiql: false,
    telemetry,
  });
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1 });
  /** One request; its wall time in ms. */
  return async (): Promise<number> => {
    const started = performance.now();
    const res = await pool.request({ method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body });
    const text = await res.body.text();
    const ms = performance.now() - started;
    if (!text.includes('"OK"')) throw new Error(text);
    return ms;
  };
}

const servers: ReturnType<typeof createServer>[] = [];
const off = {
  ...config.observability,
  metrics: { enabled: false },
  tracing: { ...config.observability.tracing, enabled: false },
};
const variants = {
  none: await variant(undefined),
  // A second app without telemetry: how far apart two identical variants come out (the measurement's floor).
  'none (control)': await variant(undefined),
  metrics: await variant(await createTelemetry(config.observability)),
  ...(withTracing && {
    'metrics+tracing': await variant(await createTelemetry(config.observability, { tracerProvider: provider })),
    'tracing only': await variant(await createTelemetry(off, { tracerProvider: provider })),
  }),
};
const results: Record<string, number[]> = {};
const entries = Object.entries(variants);
for (let i = 0; i < 200; i += 1) for (const [, run] of entries) await run(); // warm up: JIT, token, connections
// Request by request in turn, so a busy moment of the machine hits every variant alike.
for (let i = 0; i < perVariant; i += 1) {
  for (let j = 0; j < entries.length; j += 1) {
    const [name, run] = entries[(i + j) % entries.length]!; // each variant goes first in turn
    (results[name] ??= []).push(await run());
  }
}
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
/** The mean of the middle 80 %. */
const trimmed = (xs: number[]) => {
  const s = sorted(xs).slice(Math.floor(xs.length * 0.1), Math.ceil(xs.length * 0.9));
  return s.reduce((a, b) => a + b, 0) / s.length;
};
const delta = (ms: number, of: number) => `${ms - of >= 0 ? '+' : ''}${((ms - of) * 1000).toFixed(1)} µs`;
const base = results.none!;
console.log(`${perVariant} sequential mutations per variant, interleaved; per request:`);
for (const [name, xs] of Object.entries(results)) {
  console.log(
    `${name.padEnd(16)} median ${median(xs).toFixed(4)} ms (${delta(median(xs), median(base))})` +
      `   trimmed mean ${trimmed(xs).toFixed(4)} ms (${delta(trimmed(xs), trimmed(base))})`,
  );
}
await provider.shutdown();
for (const server of servers) server.closeAllConnections();
await emulator.close();
process.exit(0);

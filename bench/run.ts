/**
 * `npm run bench`: this service in its production configuration, side by side with
 * a direct forwarder (the floor) and Mercurius with JIT (the peer to beat),
 * alternating in one run, against a lean SFMC-shaped upstream. Servers are
 * pinned to core 0 (`taskset`), the upstream and the load (autocannon, this process)
 * to core 1. Every server it starts is stopped at the end. Results go to BENCHMARKS.md.
 *
 *   npm run bench                        # 3 rounds of 3 s per run
 *   npm run bench -- --rounds 5 --duration 5
 *   npm run bench -- --smoke             # one short round, to check the harness
 *   npm run bench -- --features-off      # adds the service with authentication, metrics and the log line off
 *   npm run bench -- --idempotency-key   # adds the service sent a fresh Idempotency-Key per mutation (memory store)
 *   npm run bench -- --baseline DIR      # adds an earlier build of the service (a checkout in DIR, built): is there a regression?
 *   npm run bench -- --scenarios-only    # only the SFMC calls per user action (bench/scenarios.ts), which every run reports too
 *   npm run bench -- --only "0 ms, c=10;20 ms, c=10" # only the conditions named so, or beginning so at a word's end (a quick A/B with --baseline)
 *
 * Every server listens on a port the OS picks and names it in its first log line, so a
 * busy port on the machine does not stop the run.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { graphqlBody, restBody, SEED_INPUT, syntheticInput, type UpdateInput } from './payloads.js';
import { SCENARIOS_ABOUT, scenarioTable } from './scenarios.js';
import { freePort } from '../test/support/free-port.js';
import { imageRuntime } from '../test/support/image-runtime.js';

const args = process.argv.slice(2);
if (args.includes('--help')) {
  const usage = readFileSync(new URL(import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith(' *   npm run bench'));
  console.log(`Usage:\n${usage.map((line) => line.slice(3)).join('\n')}`);
  process.exit(0);
}
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SMOKE = args.includes('--smoke');
const ROUNDS = SMOKE ? 1 : flag('--rounds', 3);
const DURATION = SMOKE ? 1 : flag('--duration', 3);
const WARMUP = SMOKE ? 0.5 : 1;
const FEATURES_OFF = args.includes('--features-off');
const IDEMPOTENCY_KEY = args.includes('--idempotency-key');
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1]! : undefined;
/** Whether `--only` picks a condition: one of its `;`-separated texts begins the name and ends at a word's end ("0 ms, c=10" is not "0 ms, c=100"). */
const picked = (name: string) =>
  ONLY === undefined || ONLY.split(';').some((text) => name.startsWith(text) && !/^\w/.test(name.slice(text.length)));
const BASELINE = args.includes('--baseline') ? resolve(args[args.indexOf('--baseline') + 1]!) : undefined;
/** The baseline's server name: its commit, so the report says what was compared. */
const BASELINE_NAME = BASELINE
  ? `baseline ${execFileSync('git', ['-C', BASELINE, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()}`
  : 'baseline';
const OUT = args.includes('--out') ? args[args.indexOf('--out') + 1]! : 'BENCHMARKS.md';
/** The command as BENCHMARKS.md names it: the flags that shape the run, not where it is written. */
const COMMAND = [
  'npm run bench',
  ...(SMOKE ? ['--smoke'] : []),
  ...(FEATURES_OFF ? ['--features-off'] : []),
  ...(IDEMPOTENCY_KEY ? ['--idempotency-key'] : []),
  ...(BASELINE ? ['--baseline DIR'] : []),
  ...(ONLY ? [`--only "${ONLY}"`] : []),
]
  .join(' ')
  .replace(/^npm run bench (?=-)/, 'npm run bench -- ');

// Every server runs on the image's runtime: its NODE_OPTIONS and the V8 flags on its command line (Dockerfile).
const IMAGE = imageRuntime();
const NODE = ['node', ...IMAGE.nodeFlags];
const JWT_SECRET = 'benchmark-shared-secret-of-32-bytes-or-more';
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();

interface ServerSpec {
  name: string;
  path: string;
  command: string[];
  env: Record<string, string>;
  body: (input: UpdateInput) => string;
  headers: () => Promise<Record<string, string>>;
  /** Sends every request with an Idempotency-Key of its own: each is a new submission, run and stored. */
  keyed?: boolean;
  /** Where the command runs (another checkout, for the baseline); this one when absent. */
  cwd?: string;
  /** Logs no `server.started` line (LOG_LEVEL=warn): it gets a free port, and is up once `/health` answers. */
  quiet?: boolean;
}

const tsx = [...NODE, '--import', 'tsx'];
/** Where the upstream listens: known once it has started. */
let UPSTREAM = '';
const SERVICE_ENV = () => ({
  HOST: '127.0.0.1',
  SFMC_AUTH_URL: UPSTREAM,
  SFMC_CLIENT_ID: 'bench',
  SFMC_CLIENT_SECRET: 'bench-secret',
  // One benchmark caller sends every request: its budget must not be what is measured.
  RATE_LIMIT_REQUESTS: '1000000',
  RATE_LIMIT_ADMIN_REQUESTS: '1000000',
  RATE_LIMIT_WINDOW_SECONDS: '1',
});
/** This service in the production configuration the README recommends: caller authentication, limits and logging on. */
const contactsGraph = (): ServerSpec => ({
  name: 'contacts-graph',
  path: '/graphql',
  command: [...NODE, IMAGE.script],
  env: {
    ...SERVICE_ENV(),
    AUTH_JWT_SECRET: JWT_SECRET,
    AUTH_ISSUER: 'https://idp.bench',
    AUTH_AUDIENCE: 'contacts-graph',
    LOG_LEVEL: 'info',
  },
  body: graphqlBody,
  headers: async () => ({
    authorization: `Bearer ${await new SignJWT({ sub: 'bench-admin', scope: 'contacts:write' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://idp.bench')
      .setAudience('contacts-graph')
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(new TextEncoder().encode(JWT_SECRET))}`,
  }),
});
/** The servers, built once the upstream's URL is known. */
const servers = (): ServerSpec[] => [
  {
    name: 'direct',
    path: '/contacts',
    command: [...tsx, 'bench/direct.ts'],
    env: {},
    body: restBody,
    headers: async () => ({}),
  },
  contactsGraph(),
  // The same service, each mutation sent with a fresh Idempotency-Key: what checking and storing it costs.
  ...(IDEMPOTENCY_KEY ? [{ ...contactsGraph(), name: 'contacts-graph+key', keyed: true }] : []),
  {
    name: 'mercurius+jit',
    path: '/graphql',
    command: [...tsx, 'bench/mercurius-peer.ts'],
    env: {},
    body: graphqlBody,
    headers: async () => ({}),
  },
  // An earlier build of this service, run the same way: the ratio to it says whether a change cost anything.
  ...(BASELINE ? [{ ...contactsGraph(), name: BASELINE_NAME, cwd: BASELINE }] : []),
  // Not a configuration to run: what the GraphQL pipeline and SFMC client cost without the per-request features.
  ...(FEATURES_OFF
    ? [
        {
          name: 'features off',
          path: '/graphql',
          command: [...NODE, IMAGE.script],
          env: { ...SERVICE_ENV(), AUTH_MODE: 'off', METRICS: 'off', LOG_LEVEL: 'warn' },
          body: graphqlBody,
          headers: async () => ({}),
          quiet: true,
        },
      ]
    : []),
];

interface Running {
  spec: ServerSpec;
  child: ChildProcess;
  /** Base URL, with the port the server was given by the OS. */
  url: string;
  peakRss: number;
}

/** Starts a server pinned to `core`; its stdout (the service's log lines: their cost is measured) goes to a file. */
function start(
  name: string,
  command: string[],
  core: number,
  env: Record<string, string>,
  cwd?: string,
): { child: ChildProcess; log: string } {
  const argv = hasTaskset ? ['taskset', '-c', String(core), ...command] : command;
  const log = join(tmpdir(), `bench-${name.replace(/\W+/g, '-')}.log`);
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd,
    // Every server with the heap limit the Dockerfile sets (see docs/deployment.md, "Memory"), on a port the OS picks.
    env: { ...process.env, NODE_ENV: 'production', NODE_OPTIONS: IMAGE.nodeOptions, PORT: '0', ...env },
    stdio: ['ignore', openSync(log, 'w'), 'inherit'],
  });
  return { child, log };
}

/** The base URL a server names in its `server.started` log line (the service logs its GraphQL URL). */
async function startedUrl(name: string, log: string, child: ChildProcess): Promise<string> {
  for (let i = 0; i < 300; i += 1) {
    for (const line of readFileSync(log, 'utf8').split('\n')) {
      if (!line.includes('"server.started"')) continue;
      const started = JSON.parse(line) as { url?: string; graphqlUrl?: string };
      return started.url ?? new URL(started.graphqlUrl!).origin;
    }
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  throw new Error(`${name} did not start (see ${log})`);
}

/** Starts a server of the benchmark and answers its base URL once it is up. */
async function launch(spec: ServerSpec, name: string, command: string[]) {
  const port = spec.quiet ? await freePort() : 0;
  const { child, log } = start(name, command, 0, { UPSTREAM, ...spec.env, PORT: String(port) }, spec.cwd);
  if (!spec.quiet) return { child, log, url: await startedUrl(spec.name, log, child) };
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300 && child.exitCode === null; i += 1) {
    if ((await fetch(`${url}/health`).catch(() => undefined))?.ok) return { child, log, url };
    await sleep(100);
  }
  child.kill('SIGTERM');
  throw new Error(`${name} did not start (see ${log})`);
}

/** CPU time (user + system) of a process in microseconds, from /proc. */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / 100) * 1_000_000;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

async function upstream(path: string): Promise<{ patches: number }> {
  const res = await fetch(`${UPSTREAM}${path}`, { method: path.startsWith('/__delay') ? 'POST' : 'GET' });
  return (await res.json()) as { patches: number };
}

interface Measurement {
  server: string;
  condition: string;
  round: number;
  rps: number;
  meanMs: number;
  p50: number;
  p99: number;
  cpuPerRequest: number;
  peakRss: number;
  errors: number;
  requests: number;
  upstreamCalls: number;
  connections: number;
}

/** Sends `input` for `seconds`, or (with `amount`) until that many requests were answered. */
async function load(server: Running, input: UpdateInput, connections: number, seconds: number, amount?: number) {
  const { spec } = server;
  return autocannon({
    url: `${server.url}${spec.path}`,
    method: 'POST',
    connections,
    pipelining: 1,
    duration: seconds,
    ...(amount === undefined ? {} : { amount }),
    headers: {
      'content-type': 'application/json',
      ...(await spec.headers()),
      ...(spec.keyed ? { 'idempotency-key': 'bench-[<id>]' } : {}),
    },
    body: spec.body(input),
    ...(spec.keyed ? { idReplacement: true } : {}),
  });
}

async function measure(server: Running, condition: string, round: number, input: UpdateInput, connections: number) {
  await load(server, input, connections, WARMUP);
  await sleep(300); // let the warm-up's last requests finish, so upstream calls match requests
  const pid = server.child.pid!;
  const before = { cpu: cpuMicros(pid), upstream: (await upstream('/__count')).patches };
  let peak = rssMb(pid);
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 250);
  const result = await load(server, input, connections, DURATION);
  clearInterval(sampler);
  const after = { cpu: cpuMicros(pid), upstream: (await upstream('/__count')).patches };
  server.peakRss = Math.max(server.peakRss, peak);
  const ok = result['2xx'];
  const m: Measurement = {
    server: server.spec.name,
    condition,
    round,
    rps: ok / DURATION,
    // Little's law: with n connections always busy, the mean latency is n / throughput. Autocannon's own
    // mean is built from 1 ms buckets, too coarse for sub-millisecond differences.
    meanMs: ok > 0 ? (connections * 1000 * DURATION) / ok : NaN,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuPerRequest: ok > 0 ? (after.cpu - before.cpu) / ok : NaN,
    peakRss: peak,
    errors: result.errors + result.non2xx + result.timeouts,
    requests: ok,
    upstreamCalls: after.upstream - before.upstream,
    connections,
  };
  console.log(
    `${condition.padEnd(22)} r${round} ${m.server.padEnd(15)} ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50} p99 ${m.p99} ms  ` +
      `cpu ${m.cpuPerRequest.toFixed(0)} µs/req  rss ${m.peakRss.toFixed(0)} MB  errors ${m.errors}  upstream ${m.upstreamCalls}/${m.requests}`,
  );
  return m;
}

/** Requests of the allocation phase, per server: enough garbage collections that the window's edges do not matter. */
const ALLOCATION_REQUESTS = SMOKE ? 500 : 4000;

/**
 * Bytes a server allocates per request: a second instance of it runs with V8's `--trace-gc-nvp`, which names with
 * every young-generation collection the bytes `allocated` since the one before; their sum over a fixed number of
 * requests (after a warm-up) divided by that number. Apart from the timed runs, whose CPU the tracing would change.
 */
async function allocationPerRequest(spec: ServerSpec): Promise<number> {
  const command = [spec.command[0]!, '--trace-gc-nvp', ...spec.command.slice(1)];
  const { child, log, url } = await launch(spec, `${spec.name} allocation`, command);
  try {
    const server: Running = { spec, child, url, peakRss: 0 };
    await load(server, SEED_INPUT, 10, WARMUP);
    await sleep(300);
    const from = readFileSync(log).length;
    await load(server, SEED_INPUT, 10, 60, ALLOCATION_REQUESTS);
    await sleep(300);
    const traced = readFileSync(log).subarray(from).toString('utf8');
    const bytes = [...traced.matchAll(/\ballocated=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    return bytes / ALLOCATION_REQUESTS;
  } finally {
    child.kill('SIGTERM');
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function version(pkg: string): string {
  return (JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8')) as { version: string }).version;
}

async function main() {
  const started = Date.now();
  // In-process, before any server starts: the calls are counted, not timed.
  const scenarios = await scenarioTable();
  console.log(`SFMC calls per user action:\n${scenarios}\n`);
  const upstreamProcess = start('upstream', [...tsx, 'bench/upstream.ts'], 1, {});
  const running: Running[] = [];
  const results: Measurement[] = [];
  const allocations = new Map<string, number>();
  try {
    UPSTREAM = await startedUrl('upstream', upstreamProcess.log, upstreamProcess.child);
    for (const spec of servers()) {
      const { child, url } = await launch(spec, spec.name, spec.command);
      running.push({ spec, child, url, peakRss: 0 });
    }

    const conditions: { name: string; delay: number; connections: number; input: UpdateInput }[] = [];
    for (const delay of [0, 20]) {
      for (const connections of SMOKE ? [1, 10] : [1, 10, 100]) {
        conditions.push({ name: `${delay} ms, c=${connections}`, delay, connections, input: SEED_INPUT });
      }
    }
    for (const values of [10, 100, 1000]) {
      conditions.push({ name: `${values} values, c=10`, delay: 0, connections: 10, input: syntheticInput(values) });
    }
    for (const condition of conditions.filter((c) => picked(c.name))) {
      await upstream(`/__delay?ms=${condition.delay}`);
      for (let round = 1; round <= ROUNDS; round += 1) {
        // Alternate: each round starts with the next server, so no server always runs first.
        const order = running.map((_, i) => running[(i + round - 1) % running.length]!);
        for (const server of order) {
          results.push(await measure(server, condition.name, round, condition.input, condition.connections));
        }
      }
    }
    for (const r of running) r.child.kill('SIGTERM');
    await upstream('/__delay?ms=0');
    for (const { spec } of running) {
      allocations.set(spec.name, await allocationPerRequest(spec));
      console.log(`allocation ${spec.name.padEnd(15)} ${(allocations.get(spec.name)! / 1024).toFixed(1)} KB/req`);
    }
  } finally {
    for (const r of running) r.child.kill('SIGTERM');
    upstreamProcess.child.kill('SIGTERM');
  }
  writeFileSync(OUT, report(results, running, allocations, Date.now() - started, scenarios));
  console.log(`\nWrote ${OUT}.`);
}

/** `server`'s figures in `condition`, and its ratios to `base` (default the direct forwarder): each the median over rounds of the ratio within a round. */
function ratios(results: Measurement[], condition: string, server: string, base = 'direct') {
  const rows = results.filter((r) => r.condition === condition && r.server === server);
  const direct = (round: number) => results.find((r) => r.condition === condition && r.server === base && r.round === round)!;
  const perRound = (f: (m: Measurement, d: Measurement) => number) => median(rows.map((m) => f(m, direct(m.round))));
  return {
    rps: median(rows.map((r) => r.rps)),
    p50: median(rows.map((r) => r.p50)),
    p99: median(rows.map((r) => r.p99)),
    cpu: median(rows.map((r) => r.cpuPerRequest)),
    rss: Math.max(...rows.map((r) => r.peakRss)),
    rssByRound: rows.map((r) => r.peakRss.toFixed(0)).join('/'),
    errors: rows.reduce((n, r) => n + r.errors, 0),
    // When the load stops, up to one request per connection is in flight: sent upstream, never answered.
    callsMatch: rows.every((r) => r.upstreamCalls >= r.requests && r.upstreamCalls - r.requests <= r.connections),
    rpsRatio: perRound((m, d) => m.rps / d.rps),
    cpuRatio: perRound((m, d) => m.cpuPerRequest / d.cpuPerRequest),
    p99Ratio: perRound((m, d) => m.p99 / Math.max(d.p99, 1)),
    addedMeanMs: perRound((m, d) => m.meanMs - d.meanMs),
    addedP50Ms: perRound((m, d) => m.p50 - d.p50),
  };
}

function report(
  results: Measurement[],
  running: Running[],
  allocations: Map<string, number>,
  ms: number,
  scenarios: string,
): string {
  const conditions = [...new Set(results.map((r) => r.condition))];
  const names = running.map((r) => r.spec.name);
  const table = [
    '| condition | server | req/s | ratio | p50 ms | p99 ms | p99 ratio | added mean ms | CPU µs/req | CPU ratio | peak RSS MB (per round) | errors | upstream calls = requests |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const condition of conditions) {
    for (const name of names) {
      const r = ratios(results, condition, name);
      table.push(
        `| ${condition} | ${name} | ${r.rps.toFixed(0)} | ${r.rpsRatio.toFixed(2)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.p99Ratio.toFixed(2)} | ${r.addedMeanMs.toFixed(2)} | ${r.cpu.toFixed(0)} | ${r.cpuRatio.toFixed(2)} | ${r.rssByRound} | ${r.errors} | ${r.callsMatch ? 'yes' : '**no**'} |`,
      );
    }
  }
  const perValue = (name: string) => {
    const at = (values: number) => ratios(results, `${values} values, c=10`, name).cpu;
    return (at(1000) - at(10)) / 990;
  };
  const values = ['| server | CPU µs per attribute value | ratio to direct |', '|---|---|---|'];
  for (const name of names)
    values.push(`| ${name} | ${perValue(name).toFixed(2)} | ${(perValue(name) / perValue('direct')).toFixed(2)} |`);

  const target = (condition: string) => ratios(results, condition, 'contacts-graph');
  const peer = (condition: string) => ratios(results, condition, 'mercurius+jit');
  const has = (condition: string) => conditions.includes(condition);
  const check = (ok: boolean) => (ok ? 'met' : '**not met**');
  const targets = ['| target | bar | measured | |', '|---|---|---|---|'];
  if (has('0 ms, c=100')) {
    const t = target('0 ms, c=100');
    targets.push(
      `| throughput at saturation (0 ms, c=100) ÷ direct | ≥ 0.6 and ahead of Mercurius+JIT (${peer('0 ms, c=100').rpsRatio.toFixed(2)}) | ${t.rpsRatio.toFixed(2)} | ${check(t.rpsRatio >= 0.6 && t.rpsRatio >= peer('0 ms, c=100').rpsRatio)} |`,
    );
    targets.push(`| CPU per mutation ÷ direct (0 ms, c=100) | ≤ 2 | ${t.cpuRatio.toFixed(2)} | ${check(t.cpuRatio <= 2)} |`);
  }
  const c1 = target('0 ms, c=1');
  targets.push(
    `| added latency, one connection (0 ms) | ≤ 0.5 ms | p50 +${c1.addedP50Ms.toFixed(2)} ms (1 ms resolution), mean +${c1.addedMeanMs.toFixed(2)} ms | ${check(c1.addedMeanMs <= 0.5)} |`,
  );
  if (has('0 ms, c=10')) {
    const cpu = ratios(results, '0 ms, c=10', 'contacts-graph', 'mercurius+jit').cpuRatio;
    targets.push(`| CPU per mutation ÷ Mercurius+JIT (0 ms, c=10) | ≤ 1.5 | ${cpu.toFixed(2)} | ${check(cpu <= 1.5)} |`);
  }
  const p99 = target('20 ms, c=10');
  targets.push(`| p99 with 20 ms upstream, c=10 ÷ direct | ≤ 1.5 | ${p99.p99Ratio.toFixed(2)} | ${check(p99.p99Ratio <= 1.5)} |`);
  const pv = perValue('contacts-graph') / perValue('direct');
  targets.push(`| cost per attribute value ÷ direct | ≤ 2 | ${pv.toFixed(2)} | ${check(pv <= 2)} |`);
  const rss = Math.max(...results.filter((r) => r.server === 'contacts-graph').map((r) => r.peakRss));
  targets.push(`| peak RSS under load | ≤ 160 MB, flat across rounds | ${rss.toFixed(0)} MB | ${check(rss <= 160)} |`);

  /** `name`'s ratios to `base`'s in the same rounds, per condition: empty when either did not run. */
  const against = (name: string, base: string) => {
    const rows = ['| condition | req/s ratio | CPU ratio | p99 ratio | added mean ms |', '|---|---|---|---|---|'];
    for (const condition of names.includes(name) && names.includes(base) ? conditions : []) {
      const n = ratios(results, condition, name, base);
      rows.push(
        `| ${condition} | ${n.rpsRatio.toFixed(2)} | ${n.cpuRatio.toFixed(2)} | ${n.p99Ratio.toFixed(2)} | ${n.addedMeanMs.toFixed(2)} |`,
      );
    }
    return rows.length > 2 ? rows.join('\n') : '';
  };
  const keyed = against('contacts-graph+key', 'contacts-graph');
  const keyedSection = keyed
    ? `
## Idempotency-Key

**contacts-graph+key** is contacts-graph with a fresh \`Idempotency-Key\` on every mutation (memory store): each is
claimed, run and its answer stored. Its ratios to contacts-graph in the same rounds:

${keyed}
`
    : '';
  const baseline = against('contacts-graph', BASELINE_NAME);
  const baselineSection = baseline
    ? `
## Against the baseline

**${BASELINE_NAME}** is an earlier build of this service (commit ${BASELINE_NAME.split(' ')[1]}), started the same way with the same
settings. contacts-graph's ratios to it in the same rounds (1.00: no change; below 1 for req/s, above 1 for CPU and p99: slower now).
Each ratio is the median over ${ROUNDS} rounds of the ratio within a round (servers alternate, so both saw the same machine), so differences of a few per cent are within noise.

${baseline}
`
    : '';

  const allocation = ['| server | KB allocated per mutation | ratio to direct |', '|---|---|---|'];
  for (const name of names) {
    const bytes = allocations.get(name) ?? NaN;
    allocation.push(`| ${name} | ${(bytes / 1024).toFixed(1)} | ${(bytes / (allocations.get('direct') ?? NaN)).toFixed(2)} |`);
  }

  const cpu = cpus()[0]?.model ?? 'unknown';
  return `# Benchmarks

Generated by \`${COMMAND}\` on ${new Date().toISOString().slice(0, 10)} in ${(ms / 60_000).toFixed(1)} minutes
(${ROUNDS} alternating rounds, ${DURATION} s per run after a ${WARMUP} s warm-up).

- Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}${hasTaskset ? '; servers pinned to core 0, upstream and autocannon to core 1' : '; no taskset: nothing pinned'}.
- Every server runs with \`NODE_ENV=production\`, \`NODE_OPTIONS=${IMAGE.nodeOptions}\` and \`node ${IMAGE.nodeFlags.join(' ')}\`, as the Dockerfile runs this service.
- Versions: graphql-yoga ${version('graphql-yoga')}, graphql ${version('graphql')}, @pothos/core ${version('@pothos/core')}, undici ${version('undici')}, fastify ${version('fastify')}, mercurius ${version('mercurius')}, autocannon ${version('autocannon')}.
- Upstream: \`bench/upstream.ts\`, a lean SFMC-shaped server (token + PATCH answering SFMC's documented response), 0 or 20 ms delay.
- Servers: **direct** (\`bench/direct.ts\`: node:http, SFMC JSON in, same PATCH body, undici Pool) is the floor;
  **contacts-graph** is this service built (\`dist/src/cli/serve.js\`) in its production configuration: \`NODE_ENV=production\`,
  JWT caller authentication (every request carries a bearer token), all request limits, the per-request log line,
  SFMC concurrency limit 10; **mercurius+jit** (\`bench/mercurius-peer.ts\`) serves the same schema and translation with Fastify + Mercurius, JIT on.
- Request: SFMC's example update (7 attribute sets, 16 values); for the size rows, 10, 100 and 1000 values through \`attributeSets\`.
- Ratios are to the direct forwarder of the same round, then the median over rounds. CPU is user + system time of the server
  process per successful request. "added mean" is the mean latency (connections ÷ throughput, Little's law) minus direct's; autocannon's percentiles have 1 ms resolution.

## Targets

${targets.join('\n')}

## All runs (medians)

${table.join('\n')}

## Cost per attribute value

(CPU at 1000 values − CPU at 10 values) ÷ 990, 0 ms upstream, 10 connections.

${values.join('\n')}

## Allocation per mutation

The seed update, ${ALLOCATION_REQUESTS} requests over 10 connections after a warm-up, to a second instance of each server run
with V8's \`--trace-gc-nvp\`: the bytes its young-generation collections report allocated, ÷ requests (garbage included:
what the collector has to clear).

${allocation.join('\n')}
${keyedSection}${baselineSection}
## SFMC calls per user action

${SCENARIOS_ABOUT}

${scenarios}
`;
}

if (args.includes('--scenarios-only')) console.log(`${SCENARIOS_ABOUT}\n\n${await scenarioTable()}`);
else await main();

import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';

/**
 * A real Redis for the tests: Debian's `redis-server` on a free loopback port, nothing saved
 * to disk, stopped after. CI installs it (.ci/run); set REDIS_SERVER to use another binary.
 * Where none is found, the tests that need it are skipped, loudly (`warnIfNoRedis`).
 */
export const REDIS_SERVER = findRedisServer();

function findRedisServer(): string | undefined {
  const fromEnv = process.env.REDIS_SERVER?.trim();
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  try {
    const found = execSync('command -v redis-server', { shell: '/bin/sh', stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return found === '' ? undefined : found;
  } catch {
    return existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : undefined;
  }
}

/** Call at the top of a test file that needs Redis: says, where no one can miss it, what was not tested. */
export function warnIfNoRedis(file: string): void {
  if (REDIS_SERVER) return;
  console.warn(
    `\n*** SKIPPED ${file}: no redis-server found (set REDIS_SERVER or install Debian's \`redis-server\`; ` +
      '.ci/run installs it). Shared state on Redis was NOT tested. ***\n',
  );
}

export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Kills the server (as a crash would): connections are refused until `start`. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty, unless it runs. */
  start(): Promise<void>;
  /** SIGSTOP: connections stay open and accepted, but nothing is answered (a hung or partitioned Redis). */
  pause(): void;
  /** SIGCONT after `pause`. */
  resume(): void;
}

/** Whether something on `port` answers PING with PONG. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.on('error', () => done(false));
  });
}

function spawnRedis(binary: string, port: number): ChildProcess {
  return spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir()], {
    stdio: 'ignore',
  });
}

async function untilAnswering(child: ChildProcess, port: number): Promise<boolean> {
  for (let i = 0; i < 200; i += 1) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    if (await pong(port)) return true;
    await sleep(25);
  }
  return false;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Starts `redis-server` on a free port and resolves once it answers PING. */
export async function startRedis(): Promise<RedisServer> {
  const binary = REDIS_SERVER;
  if (!binary) throw new Error('No redis-server: skip the test with describe.skipIf(!REDIS_SERVER).');
  let child: ChildProcess | undefined;
  let port = 0;
  // Another process may take the free port between the probe and redis-server's bind: try again.
  for (let attempt = 0; attempt < 5 && !child; attempt += 1) {
    port = await freePort();
    const started = spawnRedis(binary, port);
    if (await untilAnswering(started, port)) child = started;
    else await kill(started);
  }
  if (!child) throw new Error(`${binary} did not start`);
  let current: ChildProcess = child;
  // A test run that dies early leaves no redis-server behind.
  process.once('exit', () => current.kill('SIGKILL'));
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => kill(current),
    async start() {
      if (current.exitCode === null && current.signalCode === null) return;
      current = spawnRedis(binary, port);
      if (!(await untilAnswering(current, port))) throw new Error(`${binary} did not start again on port ${port}`);
    },
    pause: () => current.kill('SIGSTOP'),
    resume: () => current.kill('SIGCONT'),
  };
}

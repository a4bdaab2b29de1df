import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { print } from 'graphql';
import { SignJWT } from 'jose';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { UpdateContactDocument } from '../__generated__/graphql.js';
import { imageRuntime } from '../support/image-runtime.js';
import { startNode, type NodeProcess } from '../support/node-process.js';

/**
 * The Dockerfile's steps without Docker: build with all dependencies, then install production
 * dependencies only into a fresh folder and run the compiled server there with NODE_ENV=production.
 * A runtime import of a devDependency fails here ("Cannot find package ...").
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const execFileAsync = promisify(execFile);

/** Runs a command; a failure carries its output (tsc's errors, npm's). */
async function run(command: string, args: string[], options: { cwd?: string; timeout: number }): Promise<void> {
  try {
    await execFileAsync(command, args, { ...options, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout}\n${stderr}`.trim());
  }
}

async function registryReachable(): Promise<boolean> {
  try {
    await run('npm', ['ping'], { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

const REACHABLE = await registryReachable();
if (!REACHABLE) {
  console.warn(
    '\n*** SKIPPED test/e2e/production-install.test.ts: the npm registry is unreachable (`npm ping` failed), so ' +
      '`npm ci --omit=dev` cannot run. The production install was NOT tested. ***\n',
  );
}

/** Each package the compiled code imports (static or dynamic), with a file that imports it. */
function importedPackages(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.js')) continue;
    const code = readFileSync(join(dir, entry), 'utf8');
    for (const [, a, b] of code.matchAll(/\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const specifier = (a ?? b)!;
      if (/^(\.|\/|node:)/.test(specifier) || builtinModules.includes(specifier)) continue;
      const parts = specifier.split('/');
      found.set(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!, entry);
    }
  }
  return found;
}

// As in production: a real tenant (here an emulator on its own port) and JWT caller authentication.
const CLIENT_SECRET = 'production-client-secret-value';
const JWT_SECRET = 'a-production-shared-secret-of-32+-bytes';
const ISSUER = 'https://idp.example.com/';
const AUDIENCE = 'contacts-graph';
const KEY = 'acruz@example.com';

describe.skipIf(!REACHABLE)('production install (the Dockerfile, without Docker)', () => {
  let work: string | undefined;
  let tenant: Emulator | undefined;
  let server: NodeProcess | undefined;

  afterAll(async () => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    await tenant?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('builds, installs production dependencies only, answers a mutation with NODE_ENV=production and stops on SIGTERM', async () => {
    const timings: Record<string, number> = {};
    const timed = async <T>(step: string, action: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await action();
      } finally {
        timings[step] = Math.round(performance.now() - started);
      }
    };

    work = mkdtempSync(join(tmpdir(), 'contacts-graph-production-'));
    // Build stage: the files the Dockerfile copies, all dependencies, `npm run build`.
    const build = join(work, 'build');
    mkdirSync(build);
    for (const file of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src']) {
      cpSync(join(ROOT, file), join(build, file), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(build, 'node_modules'), 'dir');
    await timed('build', () => run('npm', ['run', 'build'], { cwd: build, timeout: 120_000 }));

    // Everything the compiled code imports is a dependency: not a devDependency, not only installed transitively.
    const { dependencies } = JSON.parse(readFileSync(join(build, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const notDependencies = [...importedPackages(join(build, 'dist'))].filter(([name]) => !(name in dependencies));
    expect.soft(notDependencies, 'imported by dist/ but not in "dependencies" (package, importing file)').toEqual([]);

    // Runtime stage: package files, dist, `npm ci --omit=dev`, nothing else.
    const app = join(work, 'app');
    mkdirSync(app);
    for (const file of ['package.json', 'package-lock.json']) cpSync(join(build, file), join(app, file));
    cpSync(join(build, 'dist'), join(app, 'dist'), { recursive: true });
    await timed('npm ci --omit=dev', () =>
      run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: app, timeout: 150_000 }),
    );
    for (const dev of ['typescript', 'vitest', 'tsx', 'graphql-request', '@graphql-codegen/cli']) {
      expect(existsSync(join(app, 'node_modules', dev)), `${dev} is a devDependency`).toBe(false);
    }

    tenant = await startEmulator({ clientId: 'production-client', clientSecret: CLIENT_SECRET });
    // As the image's CMD and NODE_OPTIONS run it.
    const image = imageRuntime();
    server = startNode([...image.nodeFlags, image.script], {
      cwd: app,
      env: {
        NODE_ENV: 'production',
        NODE_OPTIONS: image.nodeOptions,
        HOST: '127.0.0.1',
        PORT: '0',
        SFMC_AUTH_URL: tenant.url,
        SFMC_CLIENT_ID: 'production-client',
        SFMC_CLIENT_SECRET: CLIENT_SECRET,
        AUTH_JWT_SECRET: JWT_SECRET,
        AUTH_ISSUER: ISSUER,
        AUTH_AUDIENCE: AUDIENCE,
      },
    });
    const started = await timed('start', () => server!.waitFor('server.started'));
    expect(started).toMatchObject({ graphiql: 'off', auth: 'jwt', sfmc: new URL(tenant.url).host });
    const base = new URL(started.graphqlUrl as string).origin;

    for (const probe of ['/health', '/ready']) {
      const res = await request(`${base}${probe}`);
      await res.body.dump();
      expect(res.statusCode, probe).toBe(200);
    }

    const update = async (authorization?: string) => {
      const res = await request(`${base}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({
          query: print(UpdateContactDocument),
          variables: { input: { contactKey: KEY, emailDemographics: { firstName: 'Angela', lastName: 'Cruz' } } },
        }),
      });
      return {
        status: res.statusCode,
        body: (await res.body.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] },
      };
    };
    const anonymous = await update();
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // The person themself (a self-service token for their own contact key) changes their name.
    const token = await new SignJWT({ sub: KEY })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const updated = await timed('mutation', () => update(`Bearer ${token}`));
    expect(updated).toMatchObject({ status: 200, body: { data: { updateContact: { operationStatus: 'OK', contactKey: KEY } } } });
    expect(tenant.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /v2/token', 'PATCH /contacts/v1/contacts']);

    server.child.kill('SIGTERM');
    const [code] = await timed('SIGTERM to exit', () => once(server!.child, 'close'));
    expect(code, server.output()).toBe(0);
    expect(server.lines.some((l) => l.event === 'server.stopping')).toBe(true);
    expect(server.output()).not.toContain(CLIENT_SECRET);
    expect(server.output()).not.toContain(token);
    console.info(`production install timings (ms): ${JSON.stringify(timings)}`);
  }, 180_000);
});

/**
 * The preference-center page's development server, in one process on loopback:
 *
 * - the service (`startService`, production's wiring) against its built-in SFMC emulator, with
 *   JWT auth on (a secret made at start) and CORS_ORIGINS naming the page's origin;
 * - a tiny identity provider, `POST /dev/sign-in {"contactKey"}`, that signs an HS256 token for any
 *   contact key: it stands in for the real sign-in a frontend already has, so it only listens on
 *   loopback and only exists here;
 * - the page, built with Vite into a temporary directory and served as static files, with a
 *   Content-Security-Policy that lets it reach only itself and the service.
 *
 * `npm run example:web` runs it (`serve.ts`); the browser test starts it in-process to reach the emulator.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import { loadConfig, type AppConfig } from '../../src/config.js';
import type { Emulator } from '../../src/emulator/index.js';
import type { Logger } from '../../src/observability/logger.js';
import { startService, type Service } from '../../src/service.js';

/** What the page asks for before anything else: where the service is and what the signed-in person may edit. */
export interface PageSettings {
  graphqlUrl: string;
  /** AUTH_SELF_SERVICE_WRITABLE as the service runs with it: `Set Name` or `Set Name.Attribute Name` entries. */
  writable: string[];
  /** The contact the sign-in form suggests: the emulator's seeded one. */
  suggestedContactKey: string;
}

export interface PreferenceCenter {
  /** The page, e.g. http://127.0.0.1:5173/ */
  pageUrl: string;
  service: Service;
  emulator: Emulator;
  /** Signs a token for this contact key, as `POST /dev/sign-in` does. */
  signIn(contactKey: string): Promise<string>;
  close(): Promise<void>;
}

export interface PreferenceCenterOptions {
  /** The page's port (default 0: any free one). */
  port?: number;
  /** The service's port (default 0). */
  servicePort?: number;
  /** More service configuration, as environment variables (e.g. AUTH_SELF_SERVICE_WRITABLE). */
  env?: Record<string, string | undefined>;
  logger?: Logger;
}

const PAGE_ROOT = fileURLToPath(new URL('./page/', import.meta.url));
const ISSUER = 'http://127.0.0.1/preference-center-dev-idp';
const AUDIENCE = 'contacts-graph';
const SUGGESTED_CONTACT_KEY = 'acruz@example.com';
const TOKEN_LIFETIME = '1h';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Builds the page with `vite build` into `outDir`: one HTML file, its script and its styles, nothing
 * fetched at run time. Vite's command line rather than its JS API: the layering check
 * (dependency-cruiser) cannot resolve the `vite` package from the sources it follows.
 */
async function buildPage(outDir: string): Promise<void> {
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  await promisify(execFile)(
    process.execPath,
    [vite, 'build', PAGE_ROOT, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn', '--target', 'es2022'],
    { cwd: PAGE_ROOT, timeout: 120_000 },
  );
}

export async function startPreferenceCenter(options: PreferenceCenterOptions = {}): Promise<PreferenceCenter> {
  const outDir = mkdtempSync(join(tmpdir(), 'preference-center-'));
  await buildPage(outDir);

  // The page's server listens first: the service's CORS_ORIGINS must name its origin.
  const secret = randomBytes(32).toString('base64url');
  const pageServer: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    pageServer.once('error', reject);
    pageServer.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;

  let service: Service;
  let config: AppConfig;
  try {
    config = loadConfig({
      LOG_LEVEL: 'warn',
      ...options.env,
      AUTH_JWT_SECRET: secret,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      CORS_ORIGINS: pageOrigin,
    });
    service = await startService(
      { ...config, port: options.servicePort ?? 0, host: '127.0.0.1' },
      options.logger ? { logger: options.logger } : {},
    );
  } catch (error) {
    pageServer.close();
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  const { emulator } = service;
  if (!emulator || config.auth.mode !== 'jwt') {
    await service.close();
    pageServer.close();
    throw new Error('The preference center runs against the built-in emulator, with JWT auth: unset SFMC_* and AUTH_*.');
  }
  const { contactKeyClaim } = config.auth.jwt;
  const settings: PageSettings = {
    graphqlUrl: `${service.app.url}/graphql`,
    writable: [...config.auth.selfServiceWritable.entries],
    suggestedContactKey: SUGGESTED_CONTACT_KEY,
  };

  function signIn(contactKey: string): Promise<string> {
    return new SignJWT({ [contactKeyClaim]: contactKey })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(TOKEN_LIFETIME)
      .sign(new TextEncoder().encode(secret));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', pageOrigin).pathname;
    if (path === '/dev/settings' && req.method === 'GET') return sendJson(res, 200, settings);
    if (path === '/dev/sign-in' && req.method === 'POST') {
      const body = JSON.parse((await readBody(req)) || '{}') as { contactKey?: unknown };
      const contactKey = typeof body.contactKey === 'string' ? body.contactKey.trim() : '';
      if (contactKey === '') return sendJson(res, 400, { error: 'contactKey is required' });
      return sendJson(res, 200, { contactKey, token: await signIn(contactKey) });
    }
    if (req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    // Static files of the build, never outside it.
    const file = normalize(join(outDir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(outDir)) {
      res.writeHead(404).end();
      return;
    }
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      // The page may talk to itself and the service, and load nothing from anywhere else.
      'content-security-policy': `default-src 'self'; connect-src 'self' ${service.app.url}; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'x-content-type-options': 'nosniff',
    });
    res.end(content);
  }

  return {
    pageUrl: `${pageOrigin}/`,
    service,
    emulator,
    signIn,
    async close() {
      await new Promise<void>((resolve) => pageServer.close(() => resolve()));
      await service.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 10_000) throw new Error('body too large');
  }
  return text;
}

import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import { request } from 'undici';
import {
  createCatalog,
  modelNames,
  standardCatalog,
  standardModel,
  type Catalog,
  type TenantModel,
} from '../../src/catalog/index.js';
import { loadConfig, type AppConfig } from '../../src/config.js';
import type { HttpSettings } from '../../src/server/settings.js';
import { demoTenantModel, startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import type { App } from '../../src/server/app.js';
import { createLogger } from '../../src/observability/logger.js';
import type { Telemetry, TelemetryOptions } from '../../src/observability/telemetry.js';
import { startService } from '../../src/service.js';
import { LedgerCheck } from './ledger-check.js';
import type { SfmcClient } from '../../src/sfmc/client.js';
import type { UpstreamSettings } from '../../src/sfmc/settings.js';

export interface GraphqlResponse<TData> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data?: TData | null;
  errors?: (GraphQLFormattedError & { extensions?: Record<string, unknown> })[];
  /** The response's own extensions: `sfmc` (the request's SFMC calls) for admin callers. */
  extensions?: Record<string, unknown>;
}

/**
 * The whole product over loopback: the emulator on a real port, and the service wired by
 * production's `startService` (Yoga server, undici client, caller auth, telemetry) as the tenant's client.
 */
export interface Stack {
  emulator: Emulator;
  app: App;
  sfmc: SfmcClient;
  /** Metrics and tracing, as `env` configures them (METRICS is on by default), plus `telemetry`'s options. */
  telemetry: Telemetry;
  /** Every log line the server wrote, parsed. */
  logs: Record<string, unknown>[];
  /** Raw log text, for grepping secrets. */
  logText(): string;
  graphql<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    headers?: Record<string, string>,
  ): Promise<GraphqlResponse<TData>>;
  /** POSTs any body to /graphql, for requests the typed documents cannot express. */
  post(body: unknown, headers?: Record<string, string>): Promise<GraphqlResponse<unknown>>;
  close(): Promise<void>;
}

export const UPSTREAM: UpstreamSettings = {
  timeouts: { connectMs: 2_000, headersMs: 5_000, bodyMs: 5_000, deadlineMs: 8_000 },
  connections: 8,
  concurrency: { max: 10, queue: 200 },
  maxRetries: 2,
  breaker: { failures: 5, resetMs: 10_000 },
};

/**
 * Every test that runs a stack ends by checking that no response and no log line
 * held the client secret or any access token the emulator issued: across the
 * suite, that is every log line the server wrote.
 */
export function assertNoSecrets(texts: readonly string[], secrets: readonly string[]): void {
  for (const secret of secrets) {
    const leak = texts.findIndex((text) => text.includes(secret));
    if (leak >= 0) throw new Error(`A secret or token leaked into response or log text #${leak} (not shown).`);
  }
}

export interface StackOptions {
  emulator?: EmulatorOptions;
  /** The catalog the schema is built from; default the shipped snapshot's (a tenant's model goes in `emulator.dataModel`). */
  catalog?: Catalog;
  /** What the server is configured with; by default the emulator's own. */
  clientSecret?: string;
  upstream?: Partial<UpstreamSettings>;
  /** Where the client finds the token endpoint (default: the emulator), e.g. a port nothing listens on. */
  authUrl?: string;
  /** Overrides the token's REST instance URL, as SFMC_REST_URL does. */
  restUrl?: string;
  /** Environment the server's HTTP and auth settings are read from, as in production (defaults: none set). */
  env?: Record<string, string>;
  http?: Partial<HttpSettings>;
  /** E.g. a tracer provider with an in-memory exporter (turns tracing on). */
  telemetry?: TelemetryOptions;
  /**
   * Why this stack's emulator logs calls the service's SFMC-call ledger cannot see, or the ledger counts calls this
   * emulator does not log: `close()` then does not hold the ledger to the call log. Leave it out everywhere else.
   */
  ledgerExempt?: string;
}

/**
 * The standard schema over a tenant's model: its typed groups, and every group and attribute name the tenant has
 * (as a model pulled from it would know them), so names only the tenant has are not refused as unknown.
 */
export const catalogOver = (tenant: TenantModel): Catalog => createCatalog(standardCatalog.groups, modelNames(tenant));

/** The stack's default: the standard schema over the emulator's demo tenant (SFMC's example profile attributes, "Preferences"). */
export const demoTenantCatalog: Catalog = catalogOver(demoTenantModel(standardModel));

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const ledger = options.ledgerExempt === undefined ? new LedgerCheck() : undefined;
  const emulator = await startEmulator(ledger ? { ...options.emulator, onCall: ledger.onCall } : options.emulator);
  ledger?.watch(emulator.url);
  const base = loadConfig(options.env ?? {});
  const lines: string[] = [];
  const sfmcSecret = options.clientSecret ?? emulator.clientSecret;
  // The stack's emulator is the tenant: the service is configured as SFMC_* would name it.
  const config: AppConfig = {
    ...base,
    sfmc: {
      mode: 'tenant',
      tenant: {
        authUrl: options.authUrl ?? emulator.url,
        ...(options.restUrl !== undefined ? { restUrl: options.restUrl } : {}),
        clientId: emulator.clientId,
        clientSecret: sfmcSecret,
      },
    },
    upstream: { ...UPSTREAM, ...options.upstream },
    // Tests send many requests from one address; the rate limit has tests of its own.
    http: { ...base.http, rateLimit: { requests: 1_000_000, adminRequests: 1_000_000, windowSeconds: 60 }, ...options.http },
    graphiql: true,
    port: 0,
    host: '127.0.0.1',
  };
  const { app, sfmc, telemetry, close } = await startService(config, {
    catalog: options.catalog ?? catalogOver(options.emulator?.dataModel ?? demoTenantModel(standardModel)),
    logger: createLogger('debug', (line) => lines.push(line)),
    ...(options.telemetry !== undefined ? { telemetry: options.telemetry } : {}),
  });
  /** Every response (headers and body) this stack's callers received. */
  const seen: string[] = [];

  async function post<TData>(body: unknown, headers: Record<string, string> = {}): Promise<GraphqlResponse<TData>> {
    const response = await request(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.body.text();
    seen.push(JSON.stringify(response.headers), text);
    const parsed = JSON.parse(text) as Omit<GraphqlResponse<TData>, 'status' | 'headers'>;
    return { status: response.statusCode, headers: response.headers, ...parsed };
  }

  return {
    emulator,
    app,
    sfmc,
    telemetry,
    get logs() {
      return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    logText: () => lines.join('\n'),
    graphql(document, variables, headers = {}) {
      return post({ query: print(document), variables }, headers);
    },
    post: (body, headers) => post(body, headers),
    async close() {
      // Drained first: every request's calls are counted once its execution is over.
      await close();
      await emulator.close();
      assertNoSecrets([...seen, ...lines], [sfmcSecret, ...emulator.issuedTokens()]);
      ledger?.assertMatches(app.sfmcCalls());
    },
  };
}

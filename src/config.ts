import { loadModelFile, TenantModelError, type TenantModel } from './catalog/index.js';
import { resolveAuthConfig, type AuthConfig, type AuthConfigResult } from './auth/index.js';
import type { EmulatorConfig, StandaloneEmulatorConfig } from './emulator/settings.js';
import type { LogLevel } from './observability/logger.js';
import type { ObservabilitySettings, SfmcUsageSettings } from './observability/settings.js';
import type { IdempotencySettings } from './server/idempotency-record.js';
import type { HttpSettings } from './server/settings.js';
import { CONTACTS_PER_CALL } from './sfmc/contacts-source.js';
import type { ReadSettings } from './sfmc/read-batcher.js';
import type { SfmcCredentials, UpstreamSettings } from './sfmc/settings.js';
import type { StateSettings } from './state/settings.js';
import { VARIABLES, type ValueOf, type VariableName } from './config/variables.js';

/**
 * Configuration from environment variables, validated once at start-up: the entry points
 * in src/cli/ pass the process environment here, and nothing below them reads the environment. Each
 * variable is parsed by its row in src/config/variables.ts; what values mean together is
 * decided here. Problems are reported by variable name; secret values are never echoed.
 */

export interface AppConfig {
  port: number;
  host: string;
  http: HttpSettings;
  /** Caller authentication and the self-service allow-list. */
  auth: AuthConfig;
  /** Settings that work but deserve a line in the log (e.g. anonymous callers allowed). */
  warnings: string[];
  /** Either a real tenant, or the embedded emulator when no SFMC credentials are set. */
  sfmc: { mode: 'tenant'; tenant: SfmcCredentials } | { mode: 'emulator'; emulator: EmulatorConfig };
  upstream: UpstreamSettings;
  /** Serve GraphiQL on GET /graphql. */
  graphiql: boolean;
  logLevel: LogLevel;
  /** DATA_MODEL: the tenant model file the schema is built from; unset: src/catalog/tenant-model.json. */
  dataModelFile?: string;
  observability: ObservabilitySettings;
  /** Where idempotency records and rate-limit budgets live: memory, or Redis shared by every instance. */
  sharedState: StateSettings;
  /** Idempotency-Key handling: how long answers are kept, how long a resend waits for the first. */
  idempotency: IdempotencySettings;
  /** The tenant's SFMC call allowance and what a spent day changes. */
  sfmcUsage: SfmcUsageSettings;
  /** Contact reads shared between requests: the batching window and the optional read cache (`read-batcher.ts`). */
  reads: ReadSettings;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

// SFMC subdomains are 28 lowercase letters, digits and dashes; anything else could smuggle a host or path.
const SUBDOMAIN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Reads variables through the table, each at most once, and only those a configuration needs. */
class Reader {
  readonly problems: string[] = [];
  readonly warnings: string[] = [];
  private readonly values = new Map<VariableName, unknown>();
  constructor(private readonly env: Env) {}

  /** The trimmed value; undefined when unset or empty. */
  raw(name: VariableName): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  isSet(name: VariableName): boolean {
    return this.raw(name) !== undefined;
  }

  get<N extends VariableName>(name: N): ValueOf<N> {
    if (!this.values.has(name)) {
      const variable = VARIABLES[name] as unknown as {
        unset: unknown;
        parse(raw: string, name: string, report: (p: string) => void): unknown;
      };
      const raw = this.raw(name);
      this.values.set(
        name,
        raw === undefined ? variable.unset : variable.parse(raw, name, (problem) => this.problems.push(problem)),
      );
    }
    return this.values.get(name) as ValueOf<N>;
  }
}

function readObservability(r: Reader, port: number, production: boolean): ObservabilitySettings {
  const metricsPort = r.get('METRICS_PORT');
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port) {
    r.problems.push('METRICS_PORT must differ from PORT (it keeps /metrics off the public port)');
  }
  const metrics = { enabled: r.get('METRICS'), ...(metricsPort !== undefined ? { port: metricsPort } : {}) };
  if (production && metrics.enabled && metricsPort === undefined) {
    r.warnings.push('/metrics is served on the public GraphQL port: set METRICS_PORT, or block /metrics at the proxy');
  }
  // The standard OTLP variables: a signal-specific URL is used as is, the generic one gets /v1/traces.
  const tracesUrl = r.get('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const baseUrl = r.get('OTEL_EXPORTER_OTLP_ENDPOINT') ?? 'http://localhost:4318';
  return {
    metrics,
    tracing: {
      enabled: r.get('OTEL_TRACING'),
      serviceName: r.get('OTEL_SERVICE_NAME'),
      url: tracesUrl ?? `${baseUrl}/v1/traces`,
    },
  };
}

/** `{ [field]: value }` when the value is set, else nothing (optional properties stay absent). */
function optional<K extends string, T>(field: K, value: T | undefined): Partial<Record<K, T>> {
  return value === undefined ? {} : ({ [field]: value } as Record<K, T>);
}

function readTenant(r: Reader): SfmcCredentials | undefined {
  const clientId = r.get('SFMC_CLIENT_ID');
  const clientSecret = r.get('SFMC_CLIENT_SECRET');
  if (clientId === undefined && clientSecret === undefined) return undefined;
  if (clientId === undefined || clientSecret === undefined) {
    r.problems.push('SFMC_CLIENT_ID and SFMC_CLIENT_SECRET must be set together');
  }
  const subdomain = r.get('SFMC_SUBDOMAIN')?.toLowerCase();
  let authUrl = r.get('SFMC_AUTH_URL');
  if (authUrl === undefined && subdomain !== undefined) {
    if (SUBDOMAIN.test(subdomain)) authUrl = `https://${subdomain}.auth.marketingcloudapis.com`;
    else r.problems.push('SFMC_SUBDOMAIN may hold only lowercase letters, digits and dashes');
  } else if (authUrl === undefined) {
    r.problems.push('set SFMC_SUBDOMAIN (or SFMC_AUTH_URL) with the SFMC credentials');
  }
  const accountId = r.get('SFMC_ACCOUNT_ID');
  if (accountId !== undefined && !/^\d{1,12}$/.test(accountId)) {
    r.problems.push('SFMC_ACCOUNT_ID must be the numeric MID of the business unit');
  }
  return {
    authUrl: authUrl ?? '',
    clientId: clientId ?? '',
    clientSecret: clientSecret ?? '',
    ...optional('accountId', accountId),
    ...optional('scope', r.get('SFMC_SCOPE')),
    ...optional('restUrl', r.get('SFMC_REST_URL')),
  };
}

function readAuth(r: Reader, sfmcMode: 'emulator' | 'tenant'): AuthConfigResult {
  const problemsBefore = r.problems.length;
  const selfServiceWritable = r.get('AUTH_SELF_SERVICE_WRITABLE');
  const mode = r.get('AUTH_MODE');
  return resolveAuthConfig(
    {
      mode,
      keysSet: r.isSet('AUTH_JWT_SECRET') || r.isSet('AUTH_JWKS_URL'),
      selfServiceWritable,
      selfServiceDeletion: r.get('AUTH_SELF_SERVICE_DELETION'),
      jwt: () => ({
        secret: r.get('AUTH_JWT_SECRET'),
        jwksUrlSet: r.isSet('AUTH_JWKS_URL'),
        jwksUrl: () => r.get('AUTH_JWKS_URL'),
        algorithms: r.get('AUTH_JWT_ALGORITHMS'),
        issuer: r.get('AUTH_ISSUER'),
        audience: r.get('AUTH_AUDIENCE'),
        clockSkewSeconds: r.get('AUTH_CLOCK_SKEW_SECONDS'),
        maxTokenAgeSeconds: r.get('AUTH_MAX_TOKEN_AGE_SECONDS'),
        contactKeyClaim: r.get('AUTH_CONTACT_KEY_CLAIM'),
        adminScope: r.get('AUTH_ADMIN_SCOPE'),
      }),
    },
    sfmcMode,
    () => r.problems.length > problemsBefore,
  );
}

/**
 * The AUTH_* variables alone. `sfmcMode` decides the default without key material:
 * anonymous callers are a warning against the emulator and a problem against a tenant.
 */
export function readAuthConfig(env: Env, sfmcMode: 'emulator' | 'tenant'): AuthConfigResult {
  const r = new Reader(env);
  const auth = readAuth(r, sfmcMode);
  return { ...auth, problems: [...r.problems, ...auth.problems] };
}

function readEmbeddedEmulator(r: Reader): EmulatorConfig {
  return {
    port: r.get('EMULATOR_PORT') ?? 0,
    spelling: r.get('EMULATOR_SPELLING'),
    unknownContact: r.get('EMULATOR_UNKNOWN_CONTACT'),
    rowKeys: r.get('EMULATOR_ROW_KEYS'),
    searchIn: r.get('EMULATOR_SEARCH_IN'),
    manyRows: r.get('EMULATOR_MANY_ROWS'),
    duplicateContact: r.get('EMULATOR_DUPLICATE_CONTACT'),
    suppressedContacts: r.get('EMULATOR_SUPPRESSED_CONTACTS'),
    smsSubscriberKeys: r.get('EMULATOR_SMS_SUBSCRIBER_KEYS'),
    journeyUnknownContact: r.get('EMULATOR_JOURNEY_UNKNOWN_CONTACT'),
    tokenLifetimeSeconds: r.get('EMULATOR_TOKEN_LIFETIME_SECONDS'),
    ...optional('dataModelFile', r.get('EMULATOR_DATA_MODEL')),
  };
}

/** The service's configuration (`npm start`). */
export function loadConfig(env: Env): AppConfig {
  const r = new Reader(env);
  const tenant = readTenant(r);
  const production = r.get('NODE_ENV') === 'production';
  const trustedDocuments = r.get('TRUSTED_DOCUMENTS');
  const auth = readAuth(r, tenant ? 'tenant' : 'emulator');
  r.problems.push(...auth.problems);
  const port = r.get('PORT');
  const observability = readObservability(r, port, production);
  if (r.get('SFMC_BUDGET_POLICY') === 'refuse-reads' && r.get('SFMC_CALL_ALLOWANCE') === undefined) {
    r.warnings.push('SFMC_BUDGET_POLICY=refuse-reads does nothing without SFMC_CALL_ALLOWANCE');
  }
  const config: AppConfig = {
    port,
    host: r.get('HOST'),
    http: {
      maxBodyBytes: r.get('MAX_BODY_BYTES'),
      corsOrigins: r.get('CORS_ORIGINS'),
      introspection: r.get('INTROSPECTION') ?? !production,
      hideSuggestions: !(r.get('FIELD_SUGGESTIONS') ?? !production),
      limits: {
        maxDepth: r.get('MAX_DEPTH'),
        maxAliases: r.get('MAX_ALIASES'),
        maxTokens: r.get('MAX_TOKENS'),
        maxDirectives: r.get('MAX_DIRECTIVES'),
      },
      rateLimit: {
        requests: r.get('RATE_LIMIT_REQUESTS'),
        adminRequests: r.get('RATE_LIMIT_ADMIN_REQUESTS'),
        failedRequests: r.get('RATE_LIMIT_FAILED_REQUESTS'),
        windowSeconds: r.get('RATE_LIMIT_WINDOW_SECONDS'),
      },
      ...optional('trustedDocuments', trustedDocuments),
      requestTimeoutMs: r.get('HTTP_REQUEST_TIMEOUT_MS'),
      maxInFlight: r.get('MAX_IN_FLIGHT'),
      maxEntities: r.get('MAX_ENTITIES'),
      sfmcCallsPerRequest: r.get('SFMC_CALLS_PER_REQUEST'),
      maxReceivingPerAddress: r.get('MAX_RECEIVING_PER_ADDRESS'),
      trustedProxies: r.get('TRUSTED_PROXIES'),
      shutdownTimeoutMs: r.get('SHUTDOWN_TIMEOUT_MS'),
      shutdownDelayMs: r.get('SHUTDOWN_DELAY_MS'),
    },
    sfmc: tenant ? { mode: 'tenant', tenant } : { mode: 'emulator', emulator: readEmbeddedEmulator(r) },
    upstream: {
      timeouts: {
        connectMs: r.get('SFMC_CONNECT_TIMEOUT_MS'),
        headersMs: r.get('SFMC_HEADERS_TIMEOUT_MS'),
        bodyMs: r.get('SFMC_BODY_TIMEOUT_MS'),
        deadlineMs: r.get('REQUEST_DEADLINE_MS'),
      },
      connections: r.get('SFMC_CONNECTIONS'),
      concurrency: {
        max: r.get('SFMC_MAX_CONCURRENCY'),
        queue: r.get('SFMC_MAX_QUEUE'),
      },
      maxRetries: r.get('SFMC_MAX_RETRIES'),
      breaker: {
        failures: r.get('SFMC_BREAKER_FAILURES'),
        resetMs: r.get('SFMC_BREAKER_RESET_MS'),
      },
    },
    auth: auth.config,
    warnings: [...auth.warnings, ...r.warnings],
    graphiql: r.get('GRAPHIQL') ?? !production,
    logLevel: r.get('LOG_LEVEL'),
    ...optional('dataModelFile', r.get('DATA_MODEL')),
    observability,
    sharedState: {
      ...optional('redisUrl', r.get('REDIS_URL')),
      timeoutMs: r.get('REDIS_TIMEOUT_MS'),
      keyPrefix: r.get('REDIS_KEY_PREFIX'),
      readiness: r.get('REDIS_READINESS'),
    },
    reads: { windowMs: r.get('SFMC_READ_BATCH_WINDOW_MS'), cacheTtlSeconds: r.get('SFMC_READ_CACHE_TTL_SECONDS') },
    idempotency: {
      ttlMs: r.get('IDEMPOTENCY_TTL_SECONDS') * 1000,
      waitMs: r.get('IDEMPOTENCY_WAIT_MS'),
      // The first request holds its key while it runs, and no request runs past its SFMC deadline (a margin for the rest).
      inFlightMs: r.get('REQUEST_DEADLINE_MS') + 5_000,
    },
    sfmcUsage: { ...optional('allowance', r.get('SFMC_CALL_ALLOWANCE')), policy: r.get('SFMC_BUDGET_POLICY') },
  };
  // Shutdown cutting a PATCH whose answer could still arrive would turn a known outcome into a lost one.
  if (config.http.shutdownTimeoutMs < config.upstream.timeouts.deadlineMs) {
    r.problems.push(
      'SHUTDOWN_TIMEOUT_MS must be at least REQUEST_DEADLINE_MS, so shutdown never cuts a call SFMC may still answer',
    );
  }
  // A batch of entities the cap lets in must be answerable within the budget: one attributes search per 50.
  if (config.http.sfmcCallsPerRequest < Math.ceil(config.http.maxEntities / CONTACTS_PER_CALL)) {
    r.problems.push(`SFMC_CALLS_PER_REQUEST must be at least one call per ${CONTACTS_PER_CALL} MAX_ENTITIES`);
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

/** `npm run datamodel:pull`: the service's SFMC settings; it serves no callers, so caller authentication does not apply. */
export function loadPullConfig(env: Env): AppConfig {
  return loadConfig({ ...env, AUTH_MODE: 'off' });
}

/** `npm run emulator`: the standalone emulator. */
export function loadEmulatorConfig(env: Env): StandaloneEmulatorConfig {
  const r = new Reader(env);
  const config = {
    port: r.get('EMULATOR_PORT') ?? 4010,
    host: r.get('EMULATOR_HOST'),
    ...optional('dataModelFile', r.get('EMULATOR_DATA_MODEL')),
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

/** `npm run schema:print`: DATA_MODEL only. */
export function loadSchemaConfig(env: Env): { dataModelFile?: string } {
  return optional('dataModelFile', new Reader(env).get('DATA_MODEL'));
}

/** The model in the file a variable names; an unreadable or invalid file is a configuration problem naming the variable. */
export function modelFromVariable(variable: 'DATA_MODEL' | 'EMULATOR_DATA_MODEL', path: string): TenantModel {
  try {
    return loadModelFile(path);
  } catch (error) {
    if (error instanceof TenantModelError) throw new ConfigError([`${variable}: ${error.message}`]);
    throw error;
  }
}

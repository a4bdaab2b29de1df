import { readAuthConfig, type AuthConfig } from './auth/index.js';
import { LOG_LEVELS, type LogLevel } from './observability/logger.js';

/**
 * Configuration from environment variables, validated once at start-up. Problems
 * are reported by variable name; secret values are never echoed.
 */

/** Where and as whom to reach SFMC. */
export interface SfmcCredentials {
  /** Base URL of the auth host, without trailing slash: `https://{subdomain}.auth.marketingcloudapis.com`. */
  authUrl: string;
  clientId: string;
  clientSecret: string;
  accountId?: string;
  scope?: string;
  /** Overrides the token response's `rest_instance_url`. */
  restUrl?: string;
}

/** How to talk to SFMC (or the emulator): the same limits in both modes. */
export interface UpstreamSettings {
  timeouts: {
    connectMs: number;
    headersMs: number;
    bodyMs: number;
    /** One budget per GraphQL request for all its SFMC calls, retries and waits included. */
    deadlineMs: number;
  };
  /** Sockets per SFMC origin. */
  connections: number;
  /** SFMC calls in flight at once (the bulkhead), and how many may wait for a slot. */
  concurrency: { max: number; queue: number };
  /** Retries of one SFMC call, only where SFMC provably did not process it (or for reads). */
  maxRetries: number;
  /** Consecutive upstream faults that open the circuit, and how long it stays open before a trial call. */
  breaker: { failures: number; resetMs: number };
}

export type SfmcConfig = SfmcCredentials & UpstreamSettings;

export interface EmulatorConfig {
  port: number;
  spelling: 'documented' | 'live';
  unknownContact: 'fail' | 'create';
  tokenLifetimeSeconds: number;
  /** EMULATOR_DATA_MODEL: a tenant model file the emulator serves instead of the demo tenant. */
  dataModelFile?: string;
}

/** What the HTTP server accepts from callers; every limit refuses before anything reaches SFMC. */
export interface HttpSettings {
  maxBodyBytes: number;
  /** Browser origins allowed by CORS; empty: no cross-origin browser access. */
  corsOrigins: string[];
  introspection: boolean;
  hideSuggestions: boolean;
  limits: { maxDepth: number; maxAliases: number; maxTokens: number; maxDirectives: number };
  rateLimit: { requests: number; windowSeconds: number };
  /** Path of a trusted-documents manifest: when set, only its operations run. */
  trustedDocuments?: string;
  /** Node's limit for receiving one whole request (slow clients are cut off). */
  requestTimeoutMs: number;
  /** GraphQL requests one instance holds at once (body being read included); more are refused with OVERLOADED. */
  maxInFlight: number;
  /** How long shutdown waits for in-flight requests before it gives up. */
  shutdownTimeoutMs: number;
  /** How long /ready reports unavailable before the server stops accepting (load balancers catch up). */
  shutdownDelayMs: number;
}

/** Metrics and traces for the platform team. */
export interface ObservabilitySettings {
  metrics: {
    /** Prometheus metrics at `/metrics`. */
    enabled: boolean;
    /** Serve `/metrics` on this port only, off the GraphQL port (keeps it internal); unset: on the GraphQL port. */
    port?: number;
  };
  tracing: {
    /** OpenTelemetry spans exported over OTLP/HTTP. */
    enabled: boolean;
    serviceName: string;
    /** The OTLP/HTTP traces URL (`…/v1/traces`). */
    url: string;
  };
}

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
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

// SFMC subdomains are 28 lowercase letters, digits and dashes; anything else could smuggle a host or path.
const SUBDOMAIN = /^[a-z0-9][a-z0-9-]{0,62}$/;

class Reader {
  readonly problems: string[] = [];
  readonly warnings: string[] = [];
  constructor(private readonly env: Env) {}

  text(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of: ${allowed.join(', ')}`);
    return fallback;
  }

  onOff(name: string, fallback: boolean): boolean {
    return this.oneOf(name, ['on', 'off'], fallback ? 'on' : 'off') === 'on';
  }

  /** A comma list of browser origins (`https://app.example.com`), each exactly scheme://host[:port]. */
  origins(name: string): string[] {
    const raw = this.text(name);
    if (raw === undefined) return [];
    const origins = raw.split(',').map((o) => o.trim()).filter(Boolean);
    for (const origin of origins) {
      let valid = false;
      try {
        valid = new URL(origin).origin === origin;
      } catch {
        // reported below
      }
      if (!valid) this.problems.push(`${name} must list origins like https://app.example.com, comma-separated ("*" is not allowed)`);
    }
    return origins;
  }

  url(name: string): string | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    try {
      const url = new URL(raw);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
      if (url.username || url.password || url.search || url.hash) throw new Error('extras');
      return url.href.replace(/\/+$/, '');
    } catch {
      this.problems.push(`${name} must be an http(s) URL without credentials, query or fragment`);
      return undefined;
    }
  }
}

function readObservability(r: Reader, port: number, production: boolean): ObservabilitySettings {
  const metricsPort = r.text('METRICS_PORT') === undefined ? undefined : r.int('METRICS_PORT', 0, 0, 65_535);
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port) {
    r.problems.push('METRICS_PORT must differ from PORT (it keeps /metrics off the public port)');
  }
  const metrics = { enabled: r.onOff('METRICS', true), ...(metricsPort !== undefined ? { port: metricsPort } : {}) };
  if (production && metrics.enabled && metricsPort === undefined) {
    r.warnings.push('/metrics is served on the public GraphQL port: set METRICS_PORT, or block /metrics at the proxy');
  }
  // The standard OTLP variables: a signal-specific URL is used as is, the generic one gets /v1/traces.
  const tracesUrl = r.url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const baseUrl = r.url('OTEL_EXPORTER_OTLP_ENDPOINT') ?? 'http://localhost:4318';
  return {
    metrics,
    tracing: {
      enabled: r.onOff('OTEL_TRACING', false),
      serviceName: r.text('OTEL_SERVICE_NAME') ?? 'contacts-graph',
      url: tracesUrl ?? `${baseUrl}/v1/traces`,
    },
  };
}

/** `{ [field]: value }` when the variable is set, else nothing (optional properties stay absent). */
function optionalText<K extends string>(r: Reader, name: string, field: K): Partial<Record<K, string>> {
  const value = r.text(name);
  return value === undefined ? {} : ({ [field]: value } as Record<K, string>);
}

function readTenant(r: Reader): SfmcCredentials | undefined {
  const clientId = r.text('SFMC_CLIENT_ID');
  const clientSecret = r.text('SFMC_CLIENT_SECRET');
  if (clientId === undefined && clientSecret === undefined) return undefined;
  if (clientId === undefined || clientSecret === undefined) {
    r.problems.push('SFMC_CLIENT_ID and SFMC_CLIENT_SECRET must be set together');
  }
  const subdomain = r.text('SFMC_SUBDOMAIN')?.toLowerCase();
  let authUrl = r.url('SFMC_AUTH_URL');
  if (authUrl === undefined && subdomain !== undefined) {
    if (SUBDOMAIN.test(subdomain)) authUrl = `https://${subdomain}.auth.marketingcloudapis.com`;
    else r.problems.push('SFMC_SUBDOMAIN may hold only lowercase letters, digits and dashes');
  } else if (authUrl === undefined) {
    r.problems.push('set SFMC_SUBDOMAIN (or SFMC_AUTH_URL) with the SFMC credentials');
  }
  const accountId = r.text('SFMC_ACCOUNT_ID');
  if (accountId !== undefined && !/^\d{1,12}$/.test(accountId)) {
    r.problems.push('SFMC_ACCOUNT_ID must be the numeric MID of the business unit');
  }
  const restUrl = r.url('SFMC_REST_URL');
  const scope = r.text('SFMC_SCOPE');
  return {
    authUrl: authUrl ?? '',
    clientId: clientId ?? '',
    clientSecret: clientSecret ?? '',
    ...(accountId !== undefined ? { accountId } : {}),
    ...(scope !== undefined ? { scope } : {}),
    ...(restUrl !== undefined ? { restUrl } : {}),
  };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const r = new Reader(env);
  const tenant = readTenant(r);
  const production = env.NODE_ENV === 'production';
  const trustedDocuments = r.text('TRUSTED_DOCUMENTS');
  const auth = readAuthConfig(env, tenant ? 'tenant' : 'emulator');
  r.problems.push(...auth.problems);
  const port = r.int('PORT', 4000, 0, 65_535);
  const observability = readObservability(r, port, production);
  const config: AppConfig = {
    port,
    host: r.text('HOST') ?? '127.0.0.1',
    http: {
      maxBodyBytes: r.int('MAX_BODY_BYTES', 64 * 1024, 1_024, 10 * 1024 * 1024),
      corsOrigins: r.origins('CORS_ORIGINS'),
      introspection: r.onOff('INTROSPECTION', !production),
      hideSuggestions: !r.onOff('FIELD_SUGGESTIONS', !production),
      limits: {
        maxDepth: r.int('MAX_DEPTH', 8, 1, 50),
        maxAliases: r.int('MAX_ALIASES', 15, 0, 1_000),
        maxTokens: r.int('MAX_TOKENS', 2_000, 100, 100_000),
        maxDirectives: r.int('MAX_DIRECTIVES', 20, 0, 1_000),
      },
      rateLimit: {
        requests: r.int('RATE_LIMIT_REQUESTS', 60, 1, 1_000_000),
        windowSeconds: r.int('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
      },
      ...(trustedDocuments !== undefined ? { trustedDocuments } : {}),
      requestTimeoutMs: r.int('HTTP_REQUEST_TIMEOUT_MS', 10_000, 1_000, 300_000),
      maxInFlight: r.int('MAX_IN_FLIGHT', 500, 1, 100_000),
      shutdownTimeoutMs: r.int('SHUTDOWN_TIMEOUT_MS', 25_000, 0, 600_000),
      shutdownDelayMs: r.int('SHUTDOWN_DELAY_MS', 0, 0, 60_000),
    },
    sfmc: tenant
      ? { mode: 'tenant', tenant }
      : {
          mode: 'emulator',
          emulator: {
            port: r.int('EMULATOR_PORT', 0, 0, 65_535),
            spelling: r.oneOf('EMULATOR_SPELLING', ['documented', 'live'], 'documented'),
            unknownContact: r.oneOf('EMULATOR_UNKNOWN_CONTACT', ['fail', 'create'], 'fail'),
            tokenLifetimeSeconds: r.int('EMULATOR_TOKEN_LIFETIME_SECONDS', 1200, 1, 86_400),
            ...optionalText(r, 'EMULATOR_DATA_MODEL', 'dataModelFile'),
          },
        },
    upstream: {
      timeouts: {
        connectMs: r.int('SFMC_CONNECT_TIMEOUT_MS', 3_000, 1, 60_000),
        headersMs: r.int('SFMC_HEADERS_TIMEOUT_MS', 10_000, 1, 120_000),
        bodyMs: r.int('SFMC_BODY_TIMEOUT_MS', 10_000, 1, 120_000),
        deadlineMs: r.int('REQUEST_DEADLINE_MS', 15_000, 500, 300_000),
      },
      connections: r.int('SFMC_CONNECTIONS', 16, 1, 1_000),
      concurrency: {
        max: r.int('SFMC_MAX_CONCURRENCY', 10, 1, 1_000),
        queue: r.int('SFMC_MAX_QUEUE', 200, 0, 100_000),
      },
      maxRetries: r.int('SFMC_MAX_RETRIES', 2, 0, 10),
      breaker: {
        failures: r.int('SFMC_BREAKER_FAILURES', 5, 1, 1_000),
        resetMs: r.int('SFMC_BREAKER_RESET_MS', 10_000, 1, 3_600_000),
      },
    },
    auth: auth.config,
    warnings: [...auth.warnings, ...r.warnings],
    graphiql: r.onOff('GRAPHIQL', !production),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    ...optionalText(r, 'DATA_MODEL', 'dataModelFile'),
    observability,
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

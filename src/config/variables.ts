import {
  JWT_ALGORITHMS,
  CLAIM_NAME,
  isLoopbackHost,
  MAX_CLOCK_SKEW_SECONDS,
  SCOPE_TOKEN,
  type AuthMode,
  type JwtAlgorithm,
} from '../auth/auth-config.js';
import { DEFAULT_SELF_SERVICE_WRITABLE, parseWritableAttributes, type WritableAttributes } from '../auth/writable-attributes.js';
import type {
  DuplicateContactMode,
  JourneyUnknownContact,
  ManyRowsFlattening,
  RowKeyMatch,
  SearchInOperator,
  SmsSubscriberKeys,
  Spelling,
  SuppressedContacts,
  UnknownContactMode,
} from '../emulator/types.js';
import { LOG_LEVELS, type LogLevel } from '../observability/logger.js';
import type { BudgetPolicy, CallAllowance } from '../observability/settings.js';
import { isProxyEntry } from '../server/client-address.js';

/**
 * Every environment variable the service and its command-line tools read: its section,
 * default, meaning and the one parser that checks its syntax. src/config.ts reads them
 * through this table (what values mean together is decided there and by their owners);
 * docs/configuration.md is generated from it (`npm run docs:config`).
 *
 * Values are trimmed; an empty value counts as unset. Problems name the variable and
 * never echo its value.
 */

export const SECTIONS = {
  server: 'Server',
  requests: 'Requests: limits and HTTP protections',
  auth: 'Caller authentication',
  tenant: 'SFMC tenant',
  upstream: 'SFMC calls',
  emulator: 'Emulator',
  observability: 'Metrics and tracing',
  state: 'Shared state (several instances)',
} as const;
export type Section = keyof typeof SECTIONS;

export interface Variable<T> {
  section: Section;
  /** What an unset variable means, as docs/configuration.md shows it. */
  default: string;
  /** One line: what it does. */
  description: string;
  /** The value when unset. */
  unset: T;
  /** The value of a set variable; a refused one is reported (by name) and yields a fallback. */
  parse(raw: string, name: string, report: (problem: string) => void): T;
}

type Doc = { section: Section; description: string; default?: string };

const code = (value: string | number) => `\`${value}\``;

function int(doc: Doc & { fallback: number; min: number; max: number }): Variable<number> {
  return {
    ...doc,
    default: doc.default ?? code(doc.fallback),
    unset: doc.fallback,
    parse: (raw, name, report) => wholeNumber(raw, name, report, doc) ?? doc.fallback,
  };
}

/** A whole number that stays unset (undefined) when not given. */
function optionalInt(doc: Doc & { min: number; max: number }): Variable<number | undefined> {
  return {
    ...doc,
    default: doc.default ?? 'unset',
    unset: undefined,
    parse: (raw, name, report) => wholeNumber(raw, name, report, doc),
  };
}

function wholeNumber(raw: string, name: string, report: (problem: string) => void, range: { min: number; max: number }) {
  const n = Number(raw);
  if (Number.isInteger(n) && n >= range.min && n <= range.max) return n;
  report(`${name} must be a whole number from ${range.min} to ${range.max}`);
  return undefined;
}

function oneOf<T extends string>(doc: Doc & { values: readonly T[]; fallback: T }): Variable<T> {
  return {
    ...doc,
    default: doc.default ?? code(doc.fallback),
    unset: doc.fallback,
    parse(raw, name, report) {
      if ((doc.values as readonly string[]).includes(raw)) return raw as T;
      report(`${name} must be one of: ${doc.values.join(', ')}`);
      return doc.fallback;
    },
  };
}

/** `on` or `off`; unset stays undefined where the default depends on another setting (NODE_ENV). */
function onOff(doc: Doc & { default: string }): Variable<boolean | undefined>;
function onOff(doc: Doc & { fallback: boolean }): Variable<boolean>;
function onOff(doc: Doc & { fallback?: boolean }): Variable<boolean | undefined> {
  return {
    ...doc,
    default: doc.default ?? code(doc.fallback ? 'on' : 'off'),
    unset: doc.fallback,
    parse(raw, name, report) {
      if (raw === 'on' || raw === 'off') return raw === 'on';
      report(`${name} must be one of: on, off`);
      return doc.fallback;
    },
  };
}

function text(doc: Doc & { fallback: string }): Variable<string>;
function text(doc: Doc): Variable<string | undefined>;
function text(doc: Doc & { fallback?: string }): Variable<string | undefined> {
  return {
    ...doc,
    default: doc.default ?? (doc.fallback === undefined ? 'unset' : code(doc.fallback)),
    unset: doc.fallback,
    parse: (raw) => raw,
  };
}

/** An http(s) URL without credentials, query or fragment, and without a trailing slash. */
function httpUrl(doc: Doc): Variable<string | undefined> {
  return {
    ...doc,
    default: doc.default ?? 'unset',
    unset: undefined,
    parse(raw, name, report) {
      try {
        const url = new URL(raw);
        if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
        if (url.username || url.password || url.search || url.hash) throw new Error('extras');
        return url.href.replace(/\/+$/, '');
      } catch {
        report(`${name} must be an http(s) URL without credentials, query or fragment`);
        return undefined;
      }
    },
  };
}

function commaList(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** A comma list of browser origins (`https://app.example.com`), each exactly scheme://host[:port]. */
function origins(doc: Doc): Variable<string[]> {
  return {
    ...doc,
    default: doc.default ?? 'none',
    unset: [],
    parse(raw, name, report) {
      const list = commaList(raw);
      for (const origin of list) {
        let valid = false;
        try {
          valid = new URL(origin).origin === origin;
        } catch {
          // reported below
        }
        if (!valid) report(`${name} must list origins like https://app.example.com, comma-separated ("*" is not allowed)`);
      }
      return list;
    },
  };
}

/** A comma list of proxies: `loopback`, `private`, IP addresses and CIDRs. */
function proxies(doc: Doc): Variable<string[]> {
  return {
    ...doc,
    default: doc.default ?? 'none',
    unset: [],
    parse(raw, name, report) {
      const list = commaList(raw);
      if (!list.every(isProxyEntry)) {
        report(`${name} must list IP addresses, CIDRs (10.0.0.0/8), loopback or private, comma-separated`);
      }
      return list;
    },
  };
}

/** Printable ASCII without spaces, checked against `pattern`. */
function token(doc: Doc & { fallback: string; pattern: RegExp }): Variable<string> {
  return {
    ...doc,
    default: code(doc.fallback),
    unset: doc.fallback,
    parse(raw, name, report) {
      if (!doc.pattern.test(raw)) report(`${name} must be printable ASCII without spaces`);
      return raw;
    },
  };
}

/** `<calls>/day` or `<calls>/year`: the tenant's SFMC call allowance. */
const callAllowance: Variable<CallAllowance | undefined> = {
  section: 'upstream',
  default: 'unset (calls are counted, nothing is budgeted)',
  description:
    "The tenant's SFMC call allowance, `<calls>/year` (e.g. `2000000/year`, divided by 365 into a daily budget) or `<calls>/day` (e.g. `5500/day`): the gauge `sfmc_calls_remaining_today`, warnings in the log at 80 % and 95 % of a day, `Query.sfmcUsage`'s limits, and `SFMC_BUDGET_POLICY`.",
  unset: undefined,
  parse(raw, name, report) {
    const match = /^(\d{1,12})\s*\/\s*(day|year)$/.exec(raw);
    const calls = Number(match?.[1]);
    if (match && calls >= 1 && (match[2] === 'day' || calls >= 365)) return { calls, per: match[2] as 'day' | 'year' };
    report(`${name} must be a number of calls per day or per year, e.g. 5500/day or 2000000/year (at least one a day)`);
    return undefined;
  },
};

const authMode: Variable<AuthMode | 'invalid' | undefined> = {
  section: 'auth',
  default:
    '`jwt` when `AUTH_JWT_SECRET` or `AUTH_JWKS_URL` is set; otherwise `off` against the emulator (with a warning) and a start-up problem against a real tenant',
  description:
    '`jwt`: every request needs `Authorization: Bearer <JWT>`. `off`: every caller is anonymous and may do anything (a warning is logged).',
  unset: undefined,
  parse(raw, name, report) {
    const mode = raw.toLowerCase();
    if (mode === 'jwt' || mode === 'off') return mode;
    report(`${name} must be jwt or off`);
    return 'invalid';
  },
};

const jwksUrl: Variable<URL | undefined> = {
  section: 'auth',
  default: 'unset',
  description:
    "The identity provider's JWKS (public keys, cached 10 min; a token with an unknown `kid` refetches at most once per 30 s; 3 s fetch timeout). `https`, or `http` for localhost, 127.x and [::1] only. Not with `AUTH_JWT_SECRET`.",
  unset: undefined,
  parse(raw, name, report) {
    const url = URL.canParse(raw) ? new URL(raw) : undefined;
    const transportOk = url?.protocol === 'https:' || (url?.protocol === 'http:' && isLoopbackHost(url.hostname));
    if (!url || !transportOk || url.username !== '' || url.password !== '' || url.hash !== '') {
      report(`${name} must be an https URL (http only for localhost, 127.x or [::1]) without credentials`);
      return undefined;
    }
    return url;
  },
};

const jwtAlgorithms: Variable<JwtAlgorithm[] | undefined> = {
  section: 'auth',
  default: '`HS256` with a secret, `RS256,ES256` with a JWKS',
  description:
    'Accepted `alg` values, comma-separated: HS256/384/512 with a secret; RS*, PS*, ES* (256/384/512) with a JWKS; never mixed; `none` is refused.',
  unset: undefined,
  parse(raw, name, report) {
    const algorithms: JwtAlgorithm[] = [];
    const names = commaList(raw);
    for (const listed of names) {
      const algorithm = JWT_ALGORITHMS.find((k) => k.toLowerCase() === listed.toLowerCase());
      if (listed.toLowerCase() === 'none') {
        report(`${name} must not hold "none": unsigned tokens are never accepted`);
      } else if (!algorithm) {
        report(`${name}: "${listed}" is not one of ${JWT_ALGORITHMS.join(', ')}`);
      } else if (!algorithms.includes(algorithm)) {
        algorithms.push(algorithm);
      }
    }
    if (names.length === 0) report(`${name} must name at least one algorithm`);
    return algorithms;
  },
};

const selfServiceWritable: Variable<WritableAttributes> = {
  section: 'auth',
  default: code(DEFAULT_SELF_SERVICE_WRITABLE),
  description:
    'What other callers may write on their own contact: comma-separated `Set Name` (the whole set, tenant attributes included) or `Set Name.Attribute Name`, SFMC names, any case. A many-rows set is written by its row key (e.g. "Mobile Number"), so the key must be listed too.',
  unset: parseWritableAttributes(DEFAULT_SELF_SERVICE_WRITABLE, 'AUTH_SELF_SERVICE_WRITABLE').writable,
  parse(raw, name, report) {
    const listed = parseWritableAttributes(raw, name);
    listed.problems.forEach(report);
    return listed.writable;
  },
};

/** Where shared state lives; may hold a password, so a refused value is never echoed. */
const redisUrl: Variable<string | undefined> = {
  section: 'state',
  default: 'unset: state in memory, this instance only',
  description:
    '`redis://[user:password@]host:port[/db]` (`rediss://` for TLS): idempotency records and rate-limit budgets live there, shared by every instance. Its password is never logged.',
  unset: undefined,
  parse(raw, name, report) {
    const url = URL.canParse(raw) ? new URL(raw) : undefined;
    if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '' || url.hash !== '') {
      report(`${name} must be a redis:// or rediss:// URL with a host`);
      return undefined;
    }
    return raw;
  },
};

const production = '`on`, `off` when `NODE_ENV=production`';

export const VARIABLES = {
  // Server
  PORT: int({
    section: 'server',
    fallback: 4000,
    min: 0,
    max: 65_535,
    description: 'HTTP port of the GraphQL server (`0`: any free port).',
  }),
  HOST: text({ section: 'server', fallback: '127.0.0.1', description: 'Interface to listen on (`0.0.0.0` in a container).' }),
  NODE_ENV: text({
    section: 'server',
    description:
      '`production` turns GraphiQL, introspection and field suggestions off by default, and warns when `/metrics` is on the public port.',
  }),
  LOG_LEVEL: oneOf<LogLevel>({
    section: 'server',
    values: LOG_LEVELS,
    fallback: 'info',
    description: '`debug`, `info`, `warn` or `error`.',
  }),
  GRAPHIQL: onOff({ section: 'server', default: production, description: '`on`/`off`: serve GraphiQL on `GET /graphql`.' }),
  DATA_MODEL: text({
    section: 'server',
    default: '`src/catalog/tenant-model.json`',
    description:
      'The tenant model file the schema is built from (`npm start`, `schema:print`, `schema:check`) and that `npm run datamodel:pull` writes.',
  }),

  // Requests
  MAX_BODY_BYTES: int({
    section: 'requests',
    fallback: 64 * 1024,
    min: 1_024,
    max: 10 * 1024 * 1024,
    description: 'Largest request body accepted, in bytes.',
  }),
  CORS_ORIGINS: origins({
    section: 'requests',
    description: 'Browser origins allowed to call, comma-separated (`*` is not allowed).',
  }),
  INTROSPECTION: onOff({ section: 'requests', default: production, description: 'Introspection queries.' }),
  FIELD_SUGGESTIONS: onOff({
    section: 'requests',
    default: production,
    description: '"Did you mean" hints in validation errors.',
  }),
  MAX_DEPTH: int({
    section: 'requests',
    fallback: 8,
    min: 1,
    max: 50,
    description: 'Deepest selection nesting a document may have.',
  }),
  MAX_ALIASES: int({ section: 'requests', fallback: 15, min: 0, max: 1_000, description: 'Aliases per document.' }),
  MAX_TOKENS: int({ section: 'requests', fallback: 2_000, min: 100, max: 100_000, description: 'Tokens per document.' }),
  MAX_DIRECTIVES: int({ section: 'requests', fallback: 20, min: 0, max: 1_000, description: 'Directives per document.' }),
  MAX_ENTITIES: int({
    section: 'requests',
    fallback: 100,
    min: 1,
    max: 5_000,
    description:
      'Entity representations one operation may ask for (all its `_entities` fields together); more are refused with `TOO_MANY_ENTITIES` before anything is sent. Each 50 cost one SFMC search.',
  }),
  RATE_LIMIT_REQUESTS: int({
    section: 'requests',
    fallback: 60,
    min: 1,
    max: 1_000_000,
    description: 'Requests per self-service or anonymous caller per window; more are refused with `RATE_LIMITED`.',
  }),
  RATE_LIMIT_ADMIN_REQUESTS: int({
    section: 'requests',
    fallback: 6_000,
    min: 1,
    max: 10_000_000,
    description:
      'Requests per admin caller (a token with `AUTH_ADMIN_SCOPE`: a gateway, a back office) per window; a budget of its own, so a service token is not throttled to a person’s pace.',
  }),
  RATE_LIMIT_FAILED_REQUESTS: int({
    section: 'requests',
    fallback: 60,
    min: 1,
    max: 1_000_000,
    description:
      'Requests that fail authentication (no token, a bad one) per client address per window; more are refused with `RATE_LIMITED`.',
  }),
  RATE_LIMIT_WINDOW_SECONDS: int({
    section: 'requests',
    fallback: 60,
    min: 1,
    max: 86_400,
    description: 'The rate limit window, in seconds.',
  }),
  TRUSTED_DOCUMENTS: text({
    section: 'requests',
    description: 'Path of a trusted-documents manifest; when set, only its operations run.',
  }),
  IDEMPOTENCY_TTL_SECONDS: int({
    section: 'requests',
    fallback: 86_400,
    min: 1,
    max: 7 * 86_400,
    description: 'How long the final answer to a mutation sent with an `Idempotency-Key` is kept and replayed, in seconds.',
  }),
  IDEMPOTENCY_WAIT_MS: int({
    section: 'requests',
    fallback: 5_000,
    min: 0,
    max: 300_000,
    description:
      'How long a request waits for another one with the same `Idempotency-Key` to finish before `IDEMPOTENCY_KEY_IN_FLIGHT`.',
  }),
  HTTP_REQUEST_TIMEOUT_MS: int({
    section: 'requests',
    fallback: 5_000,
    min: 1_000,
    max: 300_000,
    description: 'How long a request’s headers and body may take to arrive; a slower one gets 408 and its connection is closed.',
  }),
  MAX_IN_FLIGHT: int({
    section: 'requests',
    fallback: 500,
    min: 1,
    max: 100_000,
    description:
      'GraphQL requests one instance holds at once, counted once their body has arrived; more are refused with `OVERLOADED`.',
  }),
  MAX_RECEIVING_PER_ADDRESS: int({
    section: 'requests',
    fallback: 32,
    min: 1,
    max: 100_000,
    description:
      'Requests from one client address whose body is still arriving; more are refused with `RATE_LIMITED` (they hold no GraphQL slot).',
  }),
  TRUSTED_PROXIES: proxies({
    section: 'requests',
    description:
      'Peers believed about `X-Forwarded-For` (the client address) and `x-request-id`: IP addresses, CIDRs, `loopback`, `private`, comma-separated; others’ request ids are replaced.',
  }),
  SHUTDOWN_TIMEOUT_MS: int({
    section: 'requests',
    fallback: 25_000,
    min: 0,
    max: 600_000,
    description: 'How long shutdown waits for in-flight requests before it gives up; at least `REQUEST_DEADLINE_MS`.',
  }),
  SHUTDOWN_DELAY_MS: int({
    section: 'requests',
    fallback: 0,
    min: 0,
    max: 60_000,
    description: 'How long `/ready` reports unavailable before the server stops accepting (load balancers catch up).',
  }),

  // Caller authentication
  AUTH_MODE: authMode,
  AUTH_JWT_SECRET: text({
    section: 'auth',
    description:
      'HS* shared secret, its UTF-8 bytes: at least 32 bytes for HS256 (48 for HS384, 64 for HS512). Not with `AUTH_JWKS_URL`.',
  }),
  AUTH_JWKS_URL: jwksUrl,
  AUTH_JWT_ALGORITHMS: jwtAlgorithms,
  AUTH_ISSUER: text({ section: 'auth', default: 'required with `jwt`', description: 'Expected `iss`, exactly.' }),
  AUTH_AUDIENCE: {
    section: 'auth',
    default: 'required with `jwt`',
    description: 'Accepted `aud` values, comma-separated: the token must name one of them.',
    unset: [],
    parse: (raw) => commaList(raw),
  } satisfies Variable<string[]>,
  AUTH_CLOCK_SKEW_SECONDS: int({
    section: 'auth',
    fallback: 30,
    min: 0,
    max: MAX_CLOCK_SKEW_SECONDS,
    description: 'Tolerance for `exp`, `nbf` and `iat`. Tokens must carry `exp` and `iat`.',
  }),
  AUTH_MAX_TOKEN_AGE_SECONDS: int({
    section: 'auth',
    fallback: 86_400,
    min: 60,
    max: 30 * 86_400,
    description:
      'The longest a token may live: `iat` is required, and a token issued longer ago, or whose `exp` is further than this after its `iat`, is refused.',
  }),
  AUTH_CONTACT_KEY_CLAIM: token({
    section: 'auth',
    fallback: 'sub',
    pattern: CLAIM_NAME,
    description: "The claim holding the caller's own SFMC contact key (a non-empty string; tokens without it are refused).",
  }),
  AUTH_ADMIN_SCOPE: token({
    section: 'auth',
    fallback: 'contacts:write',
    pattern: SCOPE_TOKEN,
    description: 'A token whose `scope` (space-separated) or `scp` (array or string) holds it may read and update any contact.',
  }),
  AUTH_SELF_SERVICE_WRITABLE: selfServiceWritable,
  AUTH_SELF_SERVICE_DELETION: onOff({
    section: 'auth',
    fallback: false,
    description:
      '`on`: self-service callers may request the deletion of their own contact (`requestContactDeletion`). Off by default: a deletion cannot be undone once its restore window has passed (docs/security.md).',
  }),

  // SFMC tenant
  SFMC_CLIENT_ID: text({
    section: 'tenant',
    description:
      "The installed package's client id. **Unset (with the secret): the embedded emulator is used.** Set one, set both.",
  }),
  SFMC_CLIENT_SECRET: text({ section: 'tenant', description: "The installed package's client secret; never logged." }),
  SFMC_SUBDOMAIN: text({
    section: 'tenant',
    description:
      'Tenant subdomain (`mc…`); only lowercase letters, digits and dashes, so it cannot inject a host or path. The auth URL becomes `https://{subdomain}.auth.marketingcloudapis.com`.',
  }),
  SFMC_AUTH_URL: httpUrl({
    section: 'tenant',
    description: 'Auth base URL given directly instead of the subdomain (proxies, tests).',
  }),
  SFMC_ACCOUNT_ID: text({
    section: 'tenant',
    description: 'MID of the business unit (`account_id` in the token request), digits only.',
  }),
  SFMC_SCOPE: text({ section: 'tenant', description: "Space-separated scopes to request; unset asks for the package's scopes." }),
  SFMC_REST_URL: httpUrl({
    section: 'tenant',
    default: 'from the token',
    description: "Overrides the token response's `rest_instance_url`.",
  }),

  // SFMC calls
  SFMC_CONNECT_TIMEOUT_MS: int({
    section: 'upstream',
    fallback: 3_000,
    min: 1,
    max: 60_000,
    description: 'TCP/TLS connect timeout towards SFMC.',
  }),
  SFMC_HEADERS_TIMEOUT_MS: int({
    section: 'upstream',
    fallback: 10_000,
    min: 1,
    max: 120_000,
    description: "Time to wait for SFMC's response headers.",
  }),
  SFMC_BODY_TIMEOUT_MS: int({
    section: 'upstream',
    fallback: 10_000,
    min: 1,
    max: 120_000,
    description: 'Time allowed between body chunks.',
  }),
  REQUEST_DEADLINE_MS: int({
    section: 'upstream',
    fallback: 15_000,
    min: 500,
    max: 300_000,
    description:
      "One time budget per GraphQL request for all its SFMC calls, retries and waits included; keep it under the gateway's timeout.",
  }),
  SFMC_CONNECTIONS: int({
    section: 'upstream',
    fallback: 16,
    min: 1,
    max: 1_000,
    description: 'Keep-alive sockets per SFMC origin.',
  }),
  SFMC_MAX_CONCURRENCY: int({
    section: 'upstream',
    fallback: 10,
    min: 1,
    max: 1_000,
    description: 'SFMC calls in flight at once, token requests included (the bulkhead).',
  }),
  SFMC_MAX_QUEUE: int({
    section: 'upstream',
    fallback: 200,
    min: 0,
    max: 100_000,
    description: 'SFMC calls that may wait for a slot; one more fails at once with `UPSTREAM_BUSY`.',
  }),
  SFMC_CALLS_PER_REQUEST: int({
    section: 'upstream',
    fallback: 10,
    min: 1,
    max: 1_000,
    description:
      'SFMC calls one GraphQL request may make (retries of a call are the same call); a read past it fails with `CALL_BUDGET_EXCEEDED`, a write is never refused. At least one per 50 `MAX_ENTITIES`.',
  }),
  SFMC_CALL_ALLOWANCE: callAllowance,
  SFMC_BUDGET_POLICY: oneOf<BudgetPolicy>({
    section: 'upstream',
    values: ['serve-all', 'refuse-reads'],
    fallback: 'serve-all',
    description:
      'What a spent daily allowance (`SFMC_CALL_ALLOWANCE`) changes: `serve-all` nothing; `refuse-reads` refuses reads with `SFMC_BUDGET_SPENT` until midnight UTC, while updates and their read-backs are still sent.',
  }),
  SFMC_READ_BATCH_WINDOW_MS: int({
    section: 'upstream',
    fallback: 2,
    min: 0,
    max: 1_000,
    description:
      'How long a contact read waits for reads from other requests to share one attributes search (at most 50 contacts; a full one is sent at once). Adds up to this much latency to a read; 0: reads of one event-loop turn only.',
  }),
  SFMC_READ_CACHE_TTL_SECONDS: int({
    section: 'upstream',
    fallback: 0,
    min: 0,
    max: 86_400,
    description:
      "How long a contact's groups, once read, are served from the state store (memory or Redis) without asking SFMC; 0: off. This service's own writes drop the contact at once; other writers' changes show only after this long.",
  }),
  SFMC_MAX_RETRIES: int({
    section: 'upstream',
    fallback: 2,
    min: 0,
    max: 10,
    description: 'Retries of one SFMC call, only where SFMC provably did not process it (or for reads).',
  }),
  SFMC_BREAKER_FAILURES: int({
    section: 'upstream',
    fallback: 5,
    min: 1,
    max: 1_000,
    description: 'Consecutive upstream faults that open the circuit breaker.',
  }),
  SFMC_BREAKER_RESET_MS: int({
    section: 'upstream',
    fallback: 10_000,
    min: 1,
    max: 3_600_000,
    description: 'How long the breaker stays open before it lets one trial call through.',
  }),

  // Emulator
  EMULATOR_PORT: optionalInt({
    section: 'emulator',
    min: 0,
    max: 65_535,
    default: '`0` (any free port) embedded; `4010` for `npm run emulator`',
    description: 'Port of the emulator.',
  }),
  EMULATOR_HOST: text({
    section: 'emulator',
    fallback: '127.0.0.1',
    description: 'Interface the standalone emulator (`npm run emulator`) listens on.',
  }),
  EMULATOR_SPELLING: oneOf<Spelling>({
    section: 'emulator',
    values: ['documented', 'live'],
    fallback: 'documented',
    description:
      "`documented` answers as SFMC's docs (`rowsAffetcted`, `contactId`); `live` as the live service (`rowsAffected`, `contactID`, `responseDateTime`).",
  }),
  EMULATOR_UNKNOWN_CONTACT: oneOf<UnknownContactMode>({
    section: 'emulator',
    values: ['fail', 'create'],
    fallback: 'fail',
    description: 'What a PATCH for an unknown contact key does: `fail` or `create`.',
  }),
  EMULATOR_ROW_KEYS: oneOf<RowKeyMatch>({
    section: 'emulator',
    values: ['case-insensitive', 'exact'],
    fallback: 'case-insensitive',
    description:
      "Whether a many-rows set's row key (e.g. an email address) matches an existing row whatever its case; SFMC does not document it (a guess: see docs/emulator.md).",
  }),
  EMULATOR_SEARCH_IN: oneOf<SearchInOperator>({
    section: 'emulator',
    values: ['accept', 'refuse'],
    fallback: 'accept',
    description:
      'Whether the attributes search accepts the `In` operator or refuses it with a 400 naming it (the service then falls back to `Or` of `Equals`); SFMC does not document it (a guess: see docs/emulator.md).',
  }),
  EMULATOR_MANY_ROWS: oneOf<ManyRowsFlattening>({
    section: 'emulator',
    values: ['flattened', 'item-per-row'],
    fallback: 'flattened',
    description:
      "How the attributes search answers a many-rows set: all rows in the contact's one item (`flattened`) or one item per row (`item-per-row`); SFMC does not document it (a guess: see docs/emulator.md).",
  }),
  EMULATOR_DUPLICATE_CONTACT: oneOf<DuplicateContactMode>({
    section: 'emulator',
    values: ['fail', 'update'],
    fallback: 'fail',
    description:
      'What a create (`POST /contacts/v1/contacts`) with a contact key that exists does: `fail` or `update` the contact; SFMC does not document it (a guess: see docs/emulator.md).',
  }),
  EMULATOR_SUPPRESSED_CONTACTS: oneOf<SuppressedContacts>({
    section: 'emulator',
    values: ['hidden', 'found'],
    fallback: 'hidden',
    description:
      'Whether the searches still find contacts a deletion has suppressed but not yet deleted (`found`) or leave them out (`hidden`); SFMC does not document it (a guess: see docs/emulator.md).',
  }),
  EMULATOR_SMS_SUBSCRIBER_KEYS: oneOf<SmsSubscriberKeys>({
    section: 'emulator',
    values: ['echo', 'omit'],
    fallback: 'echo',
    description:
      "Whether the SMS subscriptions answer names each row's `subscriberKey` (`echo`) or not (`omit`, as SFMC's one example, a lookup by number); SFMC does not document it (a guess: see docs/emulator.md). Under `omit` the service asks one key per call.",
  }),
  EMULATOR_JOURNEY_UNKNOWN_CONTACT: oneOf<JourneyUnknownContact>({
    section: 'emulator',
    values: ['refuse', 'enter'],
    fallback: 'refuse',
    description:
      'What journey entry does with a contact key the tenant has no contact of: refuse it with a 400 (`refuse`) or create the contact and enter it (`enter`); SFMC does not document it (a guess: see docs/emulator.md).',
  }),
  EMULATOR_TOKEN_LIFETIME_SECONDS: int({
    section: 'emulator',
    fallback: 1200,
    min: 1,
    max: 86_400,
    description: "Lifetime of emulator tokens (SFMC's is 20 minutes).",
  }),
  EMULATOR_DATA_MODEL: text({
    section: 'emulator',
    default: 'the demo tenant',
    description:
      'A tenant model file the emulator serves instead of the demo tenant. Without it, a credential-less pull serves the snapshot it refreshes.',
  }),

  // Metrics and tracing
  METRICS: onOff({ section: 'observability', fallback: true, description: 'Prometheus metrics at `/metrics`.' }),
  METRICS_PORT: optionalInt({
    section: 'observability',
    min: 0,
    max: 65_535,
    description:
      'Serve `/metrics` on this port alone, off the public GraphQL port (`0`: any free port); must differ from `PORT`.',
  }),
  OTEL_TRACING: onOff({
    section: 'observability',
    fallback: false,
    description: '`on`: OpenTelemetry traces, exported over OTLP/HTTP.',
  }),
  OTEL_SERVICE_NAME: text({ section: 'observability', fallback: 'contacts-graph', description: "The traces' `service.name`." }),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl({
    section: 'observability',
    default: '`http://localhost:4318`',
    description: "The collector's base URL; traces go to `/v1/traces`.",
  }),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl({
    section: 'observability',
    description: 'The traces URL, used as is (wins over `OTEL_EXPORTER_OTLP_ENDPOINT`).',
  }),

  // Shared state
  REDIS_URL: redisUrl,
  REDIS_TIMEOUT_MS: int({
    section: 'state',
    fallback: 500,
    min: 10,
    max: 10_000,
    description:
      'The longest a Redis command may take; past it the request goes on without shared state (rate limit not enforced, idempotency not checked) and `/ready` turns 503 until Redis answers.',
  }),
  REDIS_KEY_PREFIX: token({
    section: 'state',
    fallback: 'contacts-graph:',
    pattern: /^[\x21-\x7e]{1,64}$/,
    description: 'Prepended to every Redis key, so several deployments can share one Redis.',
  }),
  REDIS_READINESS: onOff({
    section: 'state',
    fallback: true,
    description:
      '`on`: `/ready` answers 503 while Redis does not answer. `off` where every instance shares one Redis and the platform routes to no instance when none is ready (Kubernetes): a Redis outage would otherwise take them all out.',
  }),
} satisfies Record<string, Variable<unknown>>;

export type VariableName = keyof typeof VARIABLES;
export type ValueOf<N extends VariableName> = (typeof VARIABLES)[N] extends Variable<infer T> ? T : never;

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadEmulatorConfig, loadSchemaConfig } from '../../src/config.js';

const tenant = { SFMC_CLIENT_ID: 'id', SFMC_CLIENT_SECRET: 'shh-secret', AUTH_MODE: 'off' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('uses the emulator when no SFMC credentials are set', () => {
    const config = loadConfig({});
    expect(config.sfmc).toEqual({
      mode: 'emulator',
      emulator: {
        port: 0,
        spelling: 'documented',
        unknownContact: 'fail',
        rowKeys: 'case-insensitive',
        searchIn: 'accept',
        manyRows: 'flattened',
        duplicateContact: 'fail',
        suppressedContacts: 'hidden',
        smsSubscriberKeys: 'echo',
        journeyUnknownContact: 'refuse',
        tokenLifetimeSeconds: 1200,
      },
    });
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', graphiql: true });
  });

  it('builds the auth URL from SFMC_SUBDOMAIN', () => {
    const config = loadConfig({ ...tenant, SFMC_SUBDOMAIN: 'mc563885gzs27c5t9-63k636tzgm', SFMC_ACCOUNT_ID: '12345' });
    expect(config.sfmc).toEqual({
      mode: 'tenant',
      tenant: {
        authUrl: 'https://mc563885gzs27c5t9-63k636tzgm.auth.marketingcloudapis.com',
        clientId: 'id',
        clientSecret: 'shh-secret',
        accountId: '12345',
      },
    });
  });

  it('takes SFMC_AUTH_URL and SFMC_REST_URL as given, without a trailing slash', () => {
    const config = loadConfig({ ...tenant, SFMC_AUTH_URL: 'http://127.0.0.1:9/', SFMC_REST_URL: 'https://proxy.test/sfmc/' });
    expect(config.sfmc).toMatchObject({ tenant: { authUrl: 'http://127.0.0.1:9', restUrl: 'https://proxy.test/sfmc' } });
  });

  it.each([
    ['evil.com/x', 'SFMC_SUBDOMAIN'],
    ['a.b', 'SFMC_SUBDOMAIN'],
    ['mc@attacker', 'SFMC_SUBDOMAIN'],
    ['mc x', 'SFMC_SUBDOMAIN'],
  ])('refuses SFMC_SUBDOMAIN %j, which could inject a host or path', (subdomain, variable) => {
    expect(problems({ ...tenant, SFMC_SUBDOMAIN: subdomain }).join()).toContain(variable);
  });

  it('reports every problem by variable name, never echoing the secret', () => {
    const found = problems({
      SFMC_CLIENT_SECRET: 'shh-secret',
      SFMC_AUTH_URL: 'ftp://x',
      SFMC_ACCOUNT_ID: 'abc',
      PORT: 'eighty',
      EMULATOR_SPELLING: 'british',
      CORS_ORIGINS: 'https://app.example.com,*',
    });
    expect(found).toEqual([
      'SFMC_CLIENT_ID and SFMC_CLIENT_SECRET must be set together',
      'SFMC_AUTH_URL must be an http(s) URL without credentials, query or fragment',
      'set SFMC_SUBDOMAIN (or SFMC_AUTH_URL) with the SFMC credentials',
      'SFMC_ACCOUNT_ID must be the numeric MID of the business unit',
      expect.stringContaining('AUTH_JWT_SECRET or AUTH_JWKS_URL'),
      'PORT must be a whole number from 0 to 65535',
      'CORS_ORIGINS must list origins like https://app.example.com, comma-separated ("*" is not allowed)',
    ]);
    expect(found.join()).not.toContain('shh-secret');
  });

  it('turns GraphiQL, introspection and field suggestions off in production unless asked for', () => {
    const production = loadConfig({ NODE_ENV: 'production' });
    expect(production).toMatchObject({ graphiql: false, http: { introspection: false, hideSuggestions: true } });
    expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'on', INTROSPECTION: 'on' })).toMatchObject({
      graphiql: true,
      http: { introspection: true },
    });
    expect(loadConfig({})).toMatchObject({ graphiql: true, http: { introspection: true, hideSuggestions: false } });
  });

  it('allows no browser origin by default, and exactly the listed ones when set', () => {
    expect(loadConfig({}).http.corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:3000' }).http.corsOrigins).toEqual([
      'https://app.example.com',
      'http://localhost:3000',
    ]);
  });

  it('refuses to run against a tenant without caller authentication, unless turned off explicitly', () => {
    const { SFMC_CLIENT_ID, SFMC_CLIENT_SECRET } = tenant;
    const env = { SFMC_CLIENT_ID, SFMC_CLIENT_SECRET, SFMC_SUBDOMAIN: 'mc563885gzs27c5t9-63k636tzgm' };
    expect(problems(env)).toEqual([expect.stringContaining('AUTH_JWT_SECRET or AUTH_JWKS_URL')]);
    expect(loadConfig({ ...env, AUTH_MODE: 'off' }).warnings).not.toEqual([]);
    expect(loadConfig({}).warnings).toEqual([expect.stringContaining('anonymous')]);
  });
});

describe('upstream settings', () => {
  it('default to explicit timeouts, a 15 s request deadline, a bulkhead, 2 retries and a breaker', () => {
    expect(loadConfig({}).upstream).toEqual({
      timeouts: { connectMs: 3_000, headersMs: 10_000, bodyMs: 10_000, deadlineMs: 15_000 },
      connections: 16,
      concurrency: { max: 10, queue: 200 },
      maxRetries: 2,
      breaker: { failures: 5, resetMs: 10_000 },
    });
  });

  it('are read from their variables', () => {
    const deadline = { REQUEST_DEADLINE_MS: '5000', SFMC_MAX_RETRIES: '0' };
    const bulkhead = { SFMC_MAX_CONCURRENCY: '4', SFMC_MAX_QUEUE: '0' };
    const breaker = { SFMC_BREAKER_FAILURES: '3', SFMC_BREAKER_RESET_MS: '2500' };
    expect(loadConfig({ ...deadline, ...bulkhead, ...breaker }).upstream).toMatchObject({
      timeouts: { deadlineMs: 5_000 },
      concurrency: { max: 4, queue: 0 },
      maxRetries: 0,
      breaker: { failures: 3, resetMs: 2_500 },
    });
  });

  it.each([
    ['REQUEST_DEADLINE_MS', '50', 'from 500 to 300000'],
    ['SFMC_MAX_CONCURRENCY', '0', 'from 1 to 1000'],
    ['SFMC_MAX_QUEUE', '-1', 'from 0 to 100000'],
    ['SFMC_MAX_RETRIES', 'two', 'from 0 to 10'],
    ['SFMC_BREAKER_FAILURES', '0', 'from 1 to 1000'],
    ['SFMC_BREAKER_RESET_MS', '1.5', 'from 1 to 3600000'],
  ])('refuses %s=%j by name', (name, value, range) => {
    expect(problems({ [name]: value })).toEqual([`${name} must be a whole number ${range}`]);
  });
});

describe('EMULATOR_PORT, one parser for both emulators', () => {
  it('defaults to a free port embedded and to 4010 standalone', () => {
    expect(loadConfig({}).sfmc).toMatchObject({ emulator: { port: 0 } });
    expect(loadEmulatorConfig({})).toEqual({ port: 4010, host: '127.0.0.1' });
    expect(loadEmulatorConfig({ EMULATOR_PORT: '4011', EMULATOR_HOST: '0.0.0.0', EMULATOR_DATA_MODEL: 'm.json' })).toEqual({
      port: 4011,
      host: '0.0.0.0',
      dataModelFile: 'm.json',
    });
  });

  it('refuses the same values by name in both', () => {
    const problem = 'EMULATOR_PORT must be a whole number from 0 to 65535';
    expect(problems({ EMULATOR_PORT: '70000' })).toEqual([problem]);
    expect(() => loadEmulatorConfig({ EMULATOR_PORT: 'x' })).toThrow(problem);
  });

  it('schema:print reads DATA_MODEL alone', () => {
    expect(loadSchemaConfig({ DATA_MODEL: 'a.json', PORT: 'not read' })).toEqual({ dataModelFile: 'a.json' });
    expect(loadSchemaConfig({})).toEqual({});
  });
});

describe('SHUTDOWN_TIMEOUT_MS', () => {
  it('may not be shorter than REQUEST_DEADLINE_MS: shutdown would cut a call SFMC may still answer', () => {
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: '10000', REQUEST_DEADLINE_MS: '15000' })).toThrow(
      /SHUTDOWN_TIMEOUT_MS must be at least REQUEST_DEADLINE_MS/,
    );
    expect(loadConfig({ SHUTDOWN_TIMEOUT_MS: '15000', REQUEST_DEADLINE_MS: '15000' }).http.shutdownTimeoutMs).toBe(15_000);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const tenant = { SFMC_CLIENT_ID: 'id', SFMC_CLIENT_SECRET: 'shh-secret' };

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
      emulator: { port: 0, spelling: 'documented', unknownContact: 'fail', tokenLifetimeSeconds: 1200 },
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
    });
    expect(found).toEqual([
      'SFMC_CLIENT_ID and SFMC_CLIENT_SECRET must be set together',
      'SFMC_AUTH_URL must be an http(s) URL without credentials, query or fragment',
      'set SFMC_SUBDOMAIN (or SFMC_AUTH_URL) with the SFMC credentials',
      'SFMC_ACCOUNT_ID must be the numeric MID of the business unit',
      'PORT must be a whole number from 0 to 65535',
    ]);
    expect(found.join()).not.toContain('shh-secret');
  });

  it('turns GraphiQL off in production unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).graphiql).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'on' }).graphiql).toBe(true);
  });
});

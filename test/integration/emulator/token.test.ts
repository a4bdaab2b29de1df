import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { call, credentials, NOT_AUTHORIZED, patch, SEED_BODY, tokenFor } from '../../support/emulator-calls.js';

/** `POST /v2/token` (SFMC's OAuth2 client-credentials grant) and the bearer check of the /contacts routes. */

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.close();
});

describe('POST /v2/token', () => {
  it('issues a bearer token in the documented spelling', async () => {
    const body = { ...credentials(emulator), account_id: '12345' };
    const reply = await call(emulator, 'POST', '/v2/token', { body });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body)).toEqual([
      'access_token',
      'expires_in',
      'token_type',
      'rest_instance_url',
      'soap_instance_url',
      'scope',
    ]);
    expect(reply.body.access_token).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(reply.body.expires_in).toBe(1080);
    expect(reply.body.token_type).toBe('Bearer');
    expect(reply.body.rest_instance_url).toBe(new URL(emulator.url).host);
    expect(reply.body.soap_instance_url).toBe('soap.emulator.invalid');
    expect(reply.body.scope).toBe('email_read email_write email_send list_and_subscribers_read list_and_subscribers_write');
  });

  it('grants the requested scopes the package holds, and gives full instance URLs in the live spelling', async () => {
    emulator.setOptions({ spelling: 'live' });
    try {
      const body = { ...credentials(emulator), scope: 'email_read journeys_execute' };
      const reply = await call(emulator, 'POST', '/v2/token', { body });
      expect(reply.body.rest_instance_url).toBe(`${emulator.url}/`);
      // SOAP is not emulated: a host of its own, reserved, that never resolves.
      expect(reply.body.soap_instance_url).toBe('https://soap.emulator.invalid/');
      expect(reply.body.scope).toBe('email_read');
    } finally {
      emulator.setOptions({ spelling: 'documented' });
    }
  });

  it('refuses a wrong client secret with invalid_client', async () => {
    const reply = await call(emulator, 'POST', '/v2/token', {
      body: { ...credentials(emulator), client_secret: 'wrong' },
    });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({
      error: 'invalid_client',
      error_description:
        'Client authentication failed. Make sure that the client ID and client secret are valid ' +
        'and that the package is installed and enabled.',
      error_uri: 'https://developer.salesforce.com/docs',
    });
  });

  it('refuses another grant type and a body that is not JSON', async () => {
    const body = { ...credentials(emulator), grant_type: 'password' };
    const grant = await call(emulator, 'POST', '/v2/token', { body });
    expect(grant.status).toBe(400);
    expect(grant.body).toMatchObject({
      error: 'unsupported_grant_type',
      error_uri: 'https://developer.salesforce.com/docs',
    });
    expect(grant.body.error_description).toEqual(expect.any(String));

    const notJson = await call(emulator, 'POST', '/v2/token', { rawBody: 'grant_type=client_credentials' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toBe('invalid_request');
  });
});

describe('bearer tokens on /contacts routes', () => {
  const definitions = (e: Emulator, bearer?: string) =>
    call(e, 'GET', '/contacts/v1/attributeSetDefinitions', bearer === undefined ? {} : { token: bearer });

  it('answers 401 without a token and with a token it never issued', async () => {
    for (const reply of [await definitions(emulator), await definitions(emulator, 'bogus')]) {
      expect(reply.status).toBe(401);
      expect(Object.keys(reply.body)).toEqual(['documentation', 'errorcode', 'message']);
      expect(reply.body).toEqual(NOT_AUTHORIZED);
    }
    expect((await patch(emulator, 'bogus', SEED_BODY)).status).toBe(401);
  });

  it('answers 401 once tokens are expired, by the API or the admin route', async () => {
    const first = await tokenFor(emulator);
    expect((await definitions(emulator, first)).status).toBe(200);
    emulator.expireTokens();
    expect((await definitions(emulator, first)).body).toEqual(NOT_AUTHORIZED);

    const second = await tokenFor(emulator);
    expect((await call(emulator, 'POST', '/__emulator/expire-tokens')).status).toBe(204);
    expect((await definitions(emulator, second)).status).toBe(401);
  });

  it('answers 401 when the token lifetime has passed', async () => {
    // Only Date is faked, before the emulator starts so its clock is the fake one: sockets and timers stay real.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const shortLived = await startEmulator({ tokenLifetimeSeconds: 1 });
    try {
      const reply = await call(shortLived, 'POST', '/v2/token', { body: credentials(shortLived) });
      expect(reply.body.expires_in).toBe(1);
      const shortToken = String(reply.body.access_token);
      vi.setSystemTime(Date.now() + 999);
      expect((await definitions(shortLived, shortToken)).status).toBe(200);
      vi.setSystemTime(Date.now() + 1);
      expect((await definitions(shortLived, shortToken)).status).toBe(401);
    } finally {
      vi.useRealTimers();
      await shortLived.close();
    }
  });
});

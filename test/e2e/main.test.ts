import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadModelFile } from '../../src/catalog/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { SEED_VARIABLES } from '../../src/server/graphiql-example.js';
import { print } from 'graphql';
import { request } from 'undici';
import { UpdateContactDocument } from '../__generated__/graphql.js';
import { startNode } from '../support/node-process.js';

/** The tenant's API client, and the SFMC_* variables that name it. */
const TENANT_CLIENT = { clientId: 'tenant-client', clientSecret: 'tenant-secret-value' };
const tenantEnv = (tenant: { url: string }) => ({
  SFMC_AUTH_URL: tenant.url,
  SFMC_CLIENT_ID: TENANT_CLIENT.clientId,
  SFMC_CLIENT_SECRET: TENANT_CLIENT.clientSecret,
});

/** A tenant with one attribute set of its own, as SFMC's attributeSetDefinitions lists it. */
const LOYALTY_DEFINITIONS = [
  {
    key: 'Loyalty',
    name: { value: 'Loyalty' },
    attributes: [{ name: { value: 'Member Number' }, dataType: 'Text', displayOrder: 1 }],
  },
];

/** `npm start`'s entry point as a real process, with only the environment given here. */
function startMain(env: Record<string, string>) {
  return startNode(['--import', 'tsx', 'src/cli/serve.ts'], {
    cwd: new URL('../..', import.meta.url),
    env: { PORT: '0', ...env },
  });
}

async function updateSeed(graphqlUrl: string) {
  const res = await request(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(UpdateContactDocument), variables: SEED_VARIABLES }),
  });
  return (await res.body.json()) as { data?: { updateContact: { operationStatus: string } } };
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm start', () => {
  it('runs offline against the embedded emulator when no SFMC credentials are set, and stops on SIGTERM', async () => {
    const main = startMain({});
    children.push(main.child);
    const warning = await main.waitFor('emulator.started');
    expect(main.lines[0]).toBe(warning);
    expect(warning).toMatchObject({ level: 'warn', message: expect.stringContaining('built-in SFMC emulator') });
    const started = await main.waitFor('server.started');
    expect(started).toMatchObject({ sfmc: 'emulator', graphiql: expect.stringContaining('/graphql') });

    const result = await updateSeed(started.graphqlUrl as string);
    expect(result.data?.updateContact.operationStatus).toBe('OK');
    expect(await main.waitFor('graphql.request')).toMatchObject({ operation: 'UpdateContact', outcome: 'OK' });

    main.child.kill('SIGTERM');
    const [code] = await once(main.child, 'exit');
    expect(code).toBe(0);
  });

  it('talks to the tenant named by SFMC_* variables with a real OAuth2 token, never logging the secret', async () => {
    const tenant = await startEmulator(TENANT_CLIENT);
    try {
      const main = startMain({ ...tenantEnv(tenant), SFMC_ACCOUNT_ID: '12345', AUTH_MODE: 'off' });
      children.push(main.child);
      const started = await main.waitFor('server.started');
      expect(started.sfmc).toBe(new URL(tenant.url).host);
      expect(main.lines.some((l) => l.event === 'emulator.started')).toBe(false);

      const result = await updateSeed(started.graphqlUrl as string);
      expect(result.data?.updateContact.operationStatus).toBe('OK');
      expect(tenant.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /v2/token', 'PATCH /contacts/v1/contacts']);
      expect(tenant.calls[0]!.body).toMatchObject({
        grant_type: 'client_credentials',
        client_id: 'tenant-client',
        account_id: 12345,
      });
      await main.waitFor('graphql.request');
      expect(main.output()).not.toContain('tenant-secret-value');
    } finally {
      await tenant.close();
    }
  });

  it("builds its schema from the model DATA_MODEL names, and sends that model's groups", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'main-model-'));
    const file = join(dir, 'model.json');
    writeFileSync(file, JSON.stringify(LOYALTY_DEFINITIONS));
    const tenant = await startEmulator({ ...TENANT_CLIENT, dataModel: loadModelFile(file) });
    try {
      const main = startMain({ ...tenantEnv(tenant), AUTH_MODE: 'off', DATA_MODEL: file });
      children.push(main.child);
      const started = await main.waitFor('server.started');
      const res = await request(started.graphqlUrl as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($input: UpdateContactInput!) { updateContact(input: $input) { operationStatus } }',
          variables: { input: { contactKey: 'member-1', loyalty: { memberNumber: '42' } } },
        }),
      });
      const body = (await res.body.json()) as { errors?: unknown[] };
      expect(body.errors).toBeUndefined();
      const patch = tenant.calls.find((c) => c.method === 'PATCH');
      expect(patch?.body).toMatchObject({
        attributeSets: [{ name: 'Loyalty', items: [{ values: [{ name: 'Member Number', value: '42' }] }] }],
      });
    } finally {
      await tenant.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start with an invalid configuration, naming the variable', async () => {
    const main = startMain({ SFMC_SUBDOMAIN: 'evil.com/x', SFMC_CLIENT_ID: 'id', SFMC_CLIENT_SECRET: 'do-not-print-me' });
    children.push(main.child);
    const [code] = await once(main.child, 'close');
    expect(code).toBe(1);
    expect(main.lines.at(-1)).toMatchObject({ event: 'server.failed', message: expect.stringContaining('SFMC_SUBDOMAIN') });
    expect(main.output()).not.toContain('do-not-print-me');
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactDocument, UpdateContactDocument } from '../__generated__/graphql.js';
import { startJourneys } from '../support/journeys-subgraph.js';
import { startStack, type Stack } from '../support/stack.js';

const MEMBERS = Array.from({ length: 25 }, (_, i) => `member-${String(i + 1).padStart(2, '0')}@example.com`);

const searches = (stack: Stack) => stack.emulator.callCount('POST', '/contacts/v1/attributes/search');

describe('through a federation gateway', () => {
  let stack: Stack;
  let journeys: Awaited<ReturnType<typeof startJourneys>>;
  let gateway: ReturnType<typeof createGatewayRuntime>;
  let gatewayServer: Server;
  let gatewayUrl: string;

  const viaGateway = async (query: string, variables: unknown = {}, headers: Record<string, string> = {}) => {
    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, ...((await res.json()) as { data?: any; errors?: any[] }) };
  };

  beforeAll(async () => {
    // The gateway runs on loopback: a trusted proxy, whose x-request-id is adopted.
    stack = await startStack({ emulator: { unknownContact: 'create' }, env: { TRUSTED_PROXIES: 'loopback' } });
    // The members exist in SFMC (the emulator), each with an email address and a first name.
    for (const [i, key] of MEMBERS.entries()) {
      const res = await stack.graphql(UpdateContactDocument, {
        input: {
          contactKey: key,
          emailAddresses: [{ emailAddress: key, htmlEnabled: i % 2 === 0 }],
          emailDemographics: { firstName: `Member ${i + 1}` },
        },
      });
      expect(res.data?.updateContact.operationStatus).toBe('OK');
    }
    journeys = await startJourneys([{ id: 'j-1', name: 'Welcome', memberKeys: MEMBERS }]);
    const { supergraphSdl, errors } = composeServices([
      { name: 'contacts', typeDefs: parse(stack.app.sdl), url: `${stack.app.url}/graphql` },
      { name: 'journeys', typeDefs: parse(journeys.sdl), url: journeys.url },
    ]);
    expect(errors ?? []).toEqual([]);
    gateway = createGatewayRuntime({
      supergraph: supergraphSdl!,
      logging: false,
      maskedErrors: false,
      propagateHeaders: {
        fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }),
      },
    });
    gatewayServer = createServer(gateway);
    await new Promise<void>((resolve) => gatewayServer.listen(0, '127.0.0.1', resolve));
    gatewayUrl = `http://127.0.0.1:${(gatewayServer.address() as AddressInfo).port}/graphql`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => {
      gatewayServer.close(() => resolve());
      gatewayServer.closeAllConnections();
    });
    await gateway[Symbol.asyncDispose]();
    await journeys.close();
    await stack.close();
  });

  it('resolves 25 contacts of another subgraph with one batched SFMC read', async () => {
    const before = searches(stack);
    const res = await viaGateway(`{
      journey(id: "j-1") {
        name
        members { contactKey contactId emailAddresses { emailAddress htmlEnabled } emailDemographics { firstName } }
      }
    }`);
    expect(res.errors).toBeUndefined();
    const members = res.data.journey.members as any[];
    expect(members.map((m) => m.contactKey)).toEqual(MEMBERS);
    members.forEach((m, i) => {
      expect(m.contactId).toMatch(/^\d+$/);
      expect(m.emailAddresses).toEqual([{ emailAddress: MEMBERS[i], htmlEnabled: i % 2 === 0 }]);
      expect(m.emailDemographics).toEqual({ firstName: `Member ${i + 1}` });
    });
    expect(searches(stack) - before).toBe(1);
    const search = stack.emulator.calls.filter((c) => c.path.startsWith('/contacts/v1/attributes/search')).at(-1);
    expect((search!.body as any).conditionSet.conditions[0].value.items).toEqual(MEMBERS);
  });

  it('routes updateContact through the gateway and returns the contact entity', async () => {
    const before = searches(stack);
    const res = await viaGateway(
      `mutation($input: UpdateContactInput!) {
        updateContact(input: $input) { operationStatus contact { contactKey emailDemographics { firstName lastName } } }
      }`,
      { input: { contactKey: MEMBERS[0], emailDemographics: { lastName: 'Gateway' } } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.updateContact).toEqual({
      operationStatus: 'OK',
      contact: { contactKey: MEMBERS[0], emailDemographics: { firstName: 'Member 1', lastName: 'Gateway' } },
    });
    expect(searches(stack) - before).toBe(1);
  });

  it('forwards the caller headers the service reads', async () => {
    await viaGateway(
      `{ contact(contactKey: "${MEMBERS[1]}") { contactKey } }`,
      {},
      {
        authorization: 'Bearer caller-token',
        'x-request-id': 'gateway-request-0001',
      },
    );
    const line = stack.logs.filter((l) => l.event === 'graphql.request').at(-1);
    // The gateway's request id is adopted, so one id follows the request through the graph.
    expect(line).toMatchObject({ requestId: 'gateway-request-0001', caller: 'authorization-header' });
    expect(JSON.stringify(stack.logs)).not.toContain('caller-token');
  });

  it('passes the GraphQL-over-HTTP audits, on the subgraph and through the gateway', async () => {
    for (const url of [`${stack.app.url}/graphql`, gatewayUrl]) {
      const results = [];
      for (const audit of serverAudits({ url, fetchFn: fetch })) results.push(await audit.fn());
      expect(results.flatMap((r) => (r.status === 'error' ? [`${url}: ${r.name}: ${r.reason}`] : []))).toEqual([]);
    }
  });
});

describe('Contact reads on the subgraph', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ emulator: { unknownContact: 'create' } });
  });
  afterAll(() => stack.close());

  const query = (q: string) => stack.post({ query: q }) as Promise<{ status: number; data?: any; errors?: any[] }>;

  it('resolves entity references in key order, a missing contact as null, in one read', async () => {
    const before = searches(stack);
    const res = await query(`{
      _entities(representations: [
        { __typename: "Contact", contactKey: "nobody@example.com" },
        { __typename: "Contact", contactKey: "acruz@example.com" }
      ]) { ... on Contact { contactKey contactId emailAddresses { emailAddress htmlEnabled } } }
    }`);
    expect(res.data._entities).toEqual([
      null,
      {
        contactKey: 'acruz@example.com',
        contactId: '12345678',
        emailAddresses: [{ emailAddress: 'acruz@example.com', htmlEnabled: false }],
      },
    ]);
    expect(searches(stack) - before).toBe(1);
  });

  it('serves contact(contactKey) and contactsByEmail, batched per request and not cached across requests', async () => {
    const before = stack.emulator.calls.length;
    const res = await query(`{
      a: contact(contactKey: "acruz@example.com") { contactKey }
      b: contact(contactKey: "missing") { contactKey }
      byEmail: contactsByEmail(emailAddress: "ACRUZ@example.com") { contactKey contactId }
      none: contactsByEmail(emailAddress: "nobody@example.com") { contactKey }
    }`);
    expect(res.data).toEqual({
      a: { contactKey: 'acruz@example.com' },
      b: null,
      byEmail: [{ contactKey: 'acruz@example.com', contactId: '12345678' }],
      none: [],
    });
    const made = stack.emulator.calls.slice(before).map((c) => c.path.split('?')[0]);
    // One email search for both addresses; contact reads for the keys it found are a second batch.
    expect(made.filter((p) => p === '/contacts/v1/addresses/email/search')).toHaveLength(1);
    expect(made.filter((p) => p === '/contacts/v1/attributes/search').length).toBeLessThanOrEqual(2);
    const again = await stack.graphql(ContactDocument, { contactKey: 'acruz@example.com' });
    expect(again.data?.contact).toEqual({
      contactKey: 'acruz@example.com',
      contactId: '12345678',
      emailAddresses: [{ emailAddress: 'acruz@example.com', htmlEnabled: false }],
      emailDemographics: null,
    });
    expect(stack.emulator.calls.at(-1)?.path).toMatch(/^\/contacts\/v1\/attributes\/search/);
  });

  it('lists the attribute groups updateContact accepts, from the catalog', async () => {
    const res = await query(
      '{ attributeGroups { name fieldName inputTypeName cardinality attributes { name fieldName dataType graphqlType length isPrimaryKey } } }',
    );
    const emailAddresses = res.data.attributeGroups.find((g: any) => g.name === 'Email Addresses');
    expect(emailAddresses).toEqual({
      name: 'Email Addresses',
      fieldName: 'emailAddresses',
      inputTypeName: 'EmailAddressesInput',
      cardinality: 'MANY',
      attributes: [
        {
          name: 'Email Address',
          fieldName: 'emailAddress',
          dataType: 'EMAIL_ADDRESS',
          graphqlType: 'String!',
          length: 254,
          isPrimaryKey: true,
        },
        {
          name: 'HTML Enabled',
          fieldName: 'htmlEnabled',
          dataType: 'BOOLEAN',
          graphqlType: 'Boolean',
          length: null,
          isPrimaryKey: false,
        },
      ],
    });
    expect(res.data.attributeGroups).toHaveLength(7);
  });

  it('serves its SDL with @link and @key at _service', async () => {
    const res = await query('{ _service { sdl } }');
    expect(res.data._service.sdl).toBe(stack.app.sdl);
    expect(res.data._service.sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.6"');
    expect(res.data._service.sdl).toContain('type Contact implements Node @key(fields: "contactKey")');
  });
});

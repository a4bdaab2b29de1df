import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MyProfileDocument } from '../../examples/__generated__/graphql.js';
import { cachedMyProfile, createApolloClient, loadMyProfile, renameMe } from '../../examples/clients/apollo.js';
import * as relay from '../../examples/clients/relay.js';
import { concreteRequest, loadSchema } from '../../examples/clients/relay-artifacts.js';
import * as urql from '../../examples/clients/urql.js';
import { AUTH_ENV, signToken } from '../support/jwt.js';
import { startStack, type Stack } from '../support/stack.js';

/** The seeded contact; a self-service token names it in `sub` (AUTH_CONTACT_KEY_CLAIM's default). */
const KEY = 'acruz@example.com';
const ID = Buffer.from(`Contact:${KEY}`).toString('base64url');

/**
 * examples/clients/: the Apollo Client, urql Graphcache and Relay recipes against the service
 * (authentication on) and the emulator over loopback. Each client normalizes its cache with no
 * configuration, and the mutation's payload updates what the page shows with no second request.
 */
describe('client cache recipes', () => {
  let stack: Stack;
  let url: string;
  let token: string;
  /** Requests each client sent: a refetch would show here. */
  let requests: string[];
  const counting: typeof fetch = (input, init) => {
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { operationName?: string }) : {};
    requests.push(body.operationName ?? 'unknown');
    return fetch(input, init);
  };
  const firstName = () => stack.emulator.getContact(KEY)?.attributeSets['Email Demographics']?.[0]?.['First Name'];

  beforeAll(async () => {
    stack = await startStack({ env: AUTH_ENV });
    url = `${stack.app.url}/graphql`;
    token = await signToken({ sub: KEY }, { expiresIn: '10m' });
  });
  beforeEach(() => {
    requests = [];
  });
  afterAll(() => stack.close());

  describe('Apollo Client, InMemoryCache without typePolicies', () => {
    it('updates the cached me from the mutation result, without a refetch', async () => {
      const client = createApolloClient(url, () => token, { fetch: counting });
      const me = await loadMyProfile(client);
      expect(me).toMatchObject({ id: ID, contactKey: KEY });
      expect(client.cache.extract()).toHaveProperty(`Contact:${ID}`);

      const payload = await renameMe(client, me!, { firstName: 'Apollo', lastName: 'Cruz' }, { clientMutationId: 'a-1' });
      expect(payload).toMatchObject({ operationStatus: 'OK', clientMutationId: 'a-1', contact: { id: ID } });
      expect(cachedMyProfile(client)?.emailDemographics).toMatchObject({ firstName: 'Apollo', lastName: 'Cruz' });
      expect(requests).toEqual(['MyProfile', 'SaveMyProfile']);
      expect(firstName()).toBe('Apollo');
    });

    it('shows an optimisticResponse at once, then what SFMC holds', async () => {
      const client = createApolloClient(url, () => token, { fetch: counting });
      const me = (await loadMyProfile(client))!;
      const seen: (string | null | undefined)[] = [];
      const watching = client
        .watchQuery({ query: MyProfileDocument, fetchPolicy: 'cache-only' })
        .subscribe(({ data }) => seen.push(data?.me?.emailDemographics?.firstName));
      stack.emulator.injectFault({ route: 'patch', kind: { type: 'delay', ms: 300 } });
      const saving = renameMe(client, me, { firstName: 'Optimistic', lastName: 'Cruz' }, { optimistic: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
      // SFMC has not answered yet: the page shows the new name from the optimistic layer.
      expect(cachedMyProfile(client, { optimistic: true })?.emailDemographics?.firstName).toBe('Optimistic');
      expect(cachedMyProfile(client)?.emailDemographics?.firstName).toBe('Apollo');
      expect(await saving).toMatchObject({ operationStatus: 'OK' });
      expect(cachedMyProfile(client)?.emailDemographics?.firstName).toBe('Optimistic');
      watching.unsubscribe();
      expect(seen).toContain('Optimistic');
      expect(requests).toEqual(['MyProfile', 'SaveMyProfile']);
    });
  });

  describe('urql with Graphcache, without keys', () => {
    it('updates the cached me from the mutation result, without a refetch', async () => {
      const client = urql.createUrqlClient(url, () => token, { fetch: counting });
      const me = await urql.loadMyProfile(client);
      expect(me).toMatchObject({ id: ID, contactKey: KEY });
      const shown: (string | null | undefined)[] = [];
      // What a page does: it watches `me` from the cache.
      const watching = client
        .query(MyProfileDocument, {}, { requestPolicy: 'cache-only' })
        .subscribe(({ data }) => shown.push(data?.me?.emailDemographics?.firstName));

      const payload = await urql.renameMe(client, me!, { firstName: 'Urql', lastName: 'Cruz' }, 'u-1');
      expect(payload).toMatchObject({ operationStatus: 'OK', clientMutationId: 'u-1', contact: { id: ID } });
      expect(urql.cachedMyProfile(client)?.emailDemographics).toMatchObject({ firstName: 'Urql', lastName: 'Cruz' });
      expect(shown.at(-1)).toBe('Urql');
      watching.unsubscribe();
      expect(requests).toEqual(['MyProfile', 'SaveMyProfile']);
      expect(firstName()).toBe('Urql');
    });
  });

  describe("Relay (relay-runtime's store)", () => {
    it('refetches a contact with node(id), and the mutation payload updates the store', async () => {
      const environment = relay.createRelayEnvironment(url, () => token, { fetch: counting });
      const me = await relay.loadMe(environment);
      expect(me).toMatchObject({ id: ID, contactKey: KEY });

      const shown: (string | null | undefined)[] = [];
      const view = await relay.watchContact(environment, me!.id, (c) => shown.push(c?.emailDemographics?.firstName));
      expect(view.current()).toMatchObject({ id: ID, contactKey: KEY, emailDemographics: me!.emailDemographics });

      const payload = await relay.renameMe(environment, KEY, { firstName: 'Relay', lastName: 'Cruz' }, 'r-1');
      expect(payload).toMatchObject({ operationStatus: 'OK', clientMutationId: 'r-1', contact: { id: ID } });
      expect(view.current()?.emailDemographics).toEqual({ firstName: 'Relay', lastName: 'Cruz' });
      expect(shown.at(-1)).toBe('Relay');
      view.dispose();
      expect(requests).toEqual(['relayMeQuery', 'relayContactNodeQuery', 'relaySaveMyProfileMutation']);
      expect(firstName()).toBe('Relay');
    });

    it('builds no artifact from a document that lacks what Relay needs (as relay-compiler would add it)', () => {
      const schema = loadSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
      expect(() => concreteRequest(schema, 'query A($id: ID!) { node(id: $id) { id } }')).toThrow(/__typename on Node/);
      expect(() => concreteRequest(schema, 'query B { me { contactKey } }')).toThrow(/id on Contact/);
      expect(concreteRequest(schema, 'query C { me { id } }').params).toMatchObject({ name: 'C', operationKind: 'query' });
    });
  });
});

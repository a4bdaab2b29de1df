import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactGlobalId } from '../../src/schema/node.js';
import { MeDocument, NodeDocument, UpdateContactIdentityDocument } from '../__generated__/graphql.js';
import { AUTH_ENV, signToken } from '../support/jwt.js';
import { startStack, type Stack } from '../support/stack.js';

const KEY = 'acruz@example.com';
const ID = Buffer.from(`Contact:${KEY}`).toString('base64url');

/** Node ids, `node`, `me` and `clientMutationId` (issue 14 §1), with authentication on. */
describe('global object identification', () => {
  let stack: Stack;
  let self: Record<string, string>;
  let other: Record<string, string>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    stack = await startStack({ env: AUTH_ENV });
    const bearer = async (claims: Record<string, unknown>) => ({ authorization: `Bearer ${await signToken(claims)}` });
    self = await bearer({ sub: KEY });
    other = await bearer({ sub: 'someone@example.com' });
    admin = await bearer({ sub: 'back-office', scope: 'contacts:write' });
  });
  afterAll(() => stack.close());

  it("gives a contact the id base64url('Contact:' + contactKey), and node(id) reads it back", async () => {
    expect(contactGlobalId(KEY)).toBe(ID);
    const me = await stack.graphql(MeDocument, {}, self);
    expect(me).toMatchObject({ status: 200, data: { me: { id: ID, contactKey: KEY } } });
    expect(me.errors).toBeUndefined();
    const node = await stack.graphql(NodeDocument, { id: ID }, self);
    expect(node.data).toEqual({ node: { id: ID, contactKey: KEY, emailDemographics: me.data?.me?.emailDemographics } });
    expect(node.errors).toBeUndefined();
  });

  it('node and me keep the self-only rule of contact(contactKey)', async () => {
    const forbidden = await stack.graphql(NodeDocument, { id: ID }, other);
    expect(forbidden.data).toEqual({ node: null });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Someone else's me is their own contact: here one SFMC does not hold.
    expect((await stack.graphql(MeDocument, {}, other)).data).toEqual({ me: null });
    // An admin reads any contact by id.
    expect((await stack.graphql(NodeDocument, { id: ID }, admin)).data?.node).toMatchObject({ contactKey: KEY });
  });

  it('me is null with NO_OWN_CONTACT for an admin caller', async () => {
    const result = await stack.graphql(MeDocument, {}, admin);
    expect(result.data).toEqual({ me: null });
    expect(result.errors).toMatchObject([{ path: ['me'], extensions: { code: 'NO_OWN_CONTACT', retryable: false } }]);
  });

  it('refuses ids it did not make with INVALID_ID, before any SFMC call', async () => {
    const before = stack.emulator.calls.length;
    const padded = `${Buffer.from(`Contact:${KEY}`).toString('base64')}`; // '=' padding, '+' '/': not canonical
    const ids = [
      '',
      'not base64!',
      Buffer.from(`Journey:${KEY}`).toString('base64url'),
      Buffer.from('Contact:').toString('base64url'),
    ];
    for (const id of padded.endsWith('=') ? [...ids, padded] : ids) {
      const result = await stack.graphql(NodeDocument, { id }, self);
      expect(result.data, id).toEqual({ node: null });
      expect(result.errors?.[0]?.extensions?.code, id).toBe('INVALID_ID');
    }
    expect(stack.emulator.calls.length).toBe(before);
  });

  it('echoes clientMutationId, and the payload carries the updated contact with its id', async () => {
    const input = { clientMutationId: 'm-1', contactKey: KEY, emailDemographics: { firstName: 'Angie' } };
    const result = await stack.graphql(UpdateContactIdentityDocument, { input }, self);
    expect(result.data?.updateContact).toEqual({
      clientMutationId: 'm-1',
      operationStatus: 'OK',
      userErrors: [],
      contact: { id: ID, contactKey: KEY, emailDemographics: { firstName: 'Angie' } },
    });
  });

  it('echoes clientMutationId when the input is refused (INVALID), and null when none was sent', async () => {
    const refused = await stack.graphql(
      UpdateContactIdentityDocument,
      { input: { clientMutationId: 'm-2', contactKey: 'someone@example.com', emailDemographics: { firstName: 'X' } } },
      self,
    );
    expect(refused.data?.updateContact).toMatchObject({
      clientMutationId: 'm-2',
      operationStatus: 'INVALID',
      userErrors: [{ code: 'NOT_ALLOWED' }],
      contact: null,
    });
    const none = await stack.graphql(
      UpdateContactIdentityDocument,
      { input: { contactKey: KEY, emailDemographics: { firstName: 'Angie' } } },
      self,
    );
    expect(none.data?.updateContact).toMatchObject({ clientMutationId: null, operationStatus: 'OK' });
  });
});

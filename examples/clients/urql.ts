/**
 * Recipe: urql with the normalized cache `@urql/exchange-graphcache`, without `keys` (or any other
 * configuration), against contacts-graph.
 *
 * What the app must do:
 * - select `id` wherever it selects a `Contact`, the mutation payload's `contact` included: Graphcache
 *   keys an entity by `__typename` and `id`, and adds `__typename` to every document itself;
 * - select in the payload's `contact` the fields its pages show, so that the result carries them;
 * - send queries by POST (`preferGetMethod: false`): the service refuses a GET without its CSRF header.
 * What it need not do: no `keys`, no `updates` for `updateContact`, no `schema`, no refetch: the
 * payload's `contact` updates the cached `me`, and every query showing that contact gets the new data.
 * Types without `id` (a contact's rows, the payload) are embedded in their parent, which is right
 * for them; in development Graphcache says so once per type on the console (`keys: { EmailDemographics: () => null }`
 * would silence it, and is optional).
 */
import { Client, fetchExchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import {
  MyProfileDocument,
  SaveMyProfileDocument,
  type MyProfileQuery,
  type SaveMyProfileMutation,
} from '../__generated__/graphql.js';

export type MyProfile = NonNullable<MyProfileQuery['me']>;
export type Name = { firstName: string; lastName: string | null };

/** `token` returns the signed-in person's bearer token; `fetch` defaults to the global one. */
export function createUrqlClient(
  graphqlUrl: string,
  token: () => string | undefined,
  options: { fetch?: typeof fetch } = {},
): Client {
  return new Client({
    url: graphqlUrl,
    exchanges: [cacheExchange(), fetchExchange],
    preferGetMethod: false,
    fetchOptions: (): RequestInit => {
      const bearer = token();
      return bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {};
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** The signed-in person's contact: `me`, cached as the entity `Contact:<id>`. */
export async function loadMyProfile(client: Client): Promise<MyProfile | null> {
  const result = await client.query(MyProfileDocument, {}).toPromise();
  if (result.error) throw result.error;
  return result.data?.me ?? null;
}

/** Saves a new name; the payload's `contact` (SFMC's state after the update) updates the cache. */
export async function renameMe(
  client: Client,
  me: MyProfile,
  name: Name,
  clientMutationId: string | null = null,
): Promise<SaveMyProfileMutation['updateContact']> {
  const input = { clientMutationId, contactKey: me.contactKey, emailDemographics: name };
  const result = await client.mutation(SaveMyProfileDocument, { input }).toPromise();
  if (result.error) throw result.error;
  if (!result.data) throw new Error('updateContact answered no data');
  return result.data.updateContact;
}

/** What the page shows from the cache alone (no request): `me` as Graphcache holds it now. */
export function cachedMyProfile(client: Client): MyProfile | null {
  return client.readQuery(MyProfileDocument, {}, { requestPolicy: 'cache-only' })?.data?.me ?? null;
}

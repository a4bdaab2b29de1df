/**
 * Recipe: Apollo Client 4 with a plain `InMemoryCache` (no `typePolicies`) against contacts-graph.
 *
 * What the app must do:
 * - select `id` wherever it selects a `Contact`, the mutation payload's `contact` included: the cache
 *   keys a contact by `__typename` and `id` (`Contact:<id>`), which it adds to every document itself;
 * - select in the payload's `contact` the fields its pages show, so that the result carries them;
 * - in an `optimisticResponse`, give every object its `__typename`, and the contact its `id`.
 * What it need not do: no `typePolicies`, `keyFields` or `dataIdFromObject`, no `update` function,
 * `cache.modify` or `refetchQueries`: the payload's `contact` updates the cached `me` (and every
 * other query that shows that contact), and the page re-renders without a second request.
 * The payload's `contact` is read back from SFMC, so the cache shows what SFMC holds even when
 * the update failed; an `INVALID` payload has none, and an optimistic value is then simply dropped.
 */
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import {
  MyProfileDocument,
  SaveMyProfileDocument,
  type MyProfileQuery,
  type SaveMyProfileMutation,
} from '../__generated__/graphql.js';

export type MyProfile = NonNullable<MyProfileQuery['me']>;
export type Name = { firstName: string; lastName: string | null };

/** `token` returns the signed-in person's bearer token; `fetch` defaults to the global one. */
export function createApolloClient(
  graphqlUrl: string,
  token: () => string | undefined,
  options: { fetch?: typeof fetch } = {},
): ApolloClient {
  const send = options.fetch ?? fetch;
  return new ApolloClient({
    link: new HttpLink({
      uri: graphqlUrl,
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        const bearer = token();
        if (bearer) headers.set('authorization', `Bearer ${bearer}`);
        return send(input, { ...init, headers });
      },
    }),
    cache: new InMemoryCache(),
  });
}

/** The signed-in person's contact: `me`, cached as `Contact:<id>`. */
export async function loadMyProfile(client: ApolloClient): Promise<MyProfile | null> {
  const { data } = await client.query({ query: MyProfileDocument });
  return data?.me ?? null;
}

/**
 * Saves a new name. With `optimistic`, every view of the contact shows the name at once, and the
 * payload's `contact` (SFMC's state) replaces it when the answer comes.
 */
export async function renameMe(
  client: ApolloClient,
  me: MyProfile,
  name: Name,
  options: { optimistic?: boolean; clientMutationId?: string } = {},
): Promise<SaveMyProfileMutation['updateContact']> {
  const clientMutationId = options.clientMutationId ?? null;
  // Generated types leave out __typename (codegen.ts skips it); the cache needs it on optimistic objects.
  const optimisticResponse = {
    updateContact: {
      __typename: 'UpdateContactPayload' as const,
      clientMutationId,
      operationStatus: 'OK' as const,
      retryable: false,
      userErrors: [],
      contact: {
        __typename: 'Contact' as const,
        id: me.id,
        contactKey: me.contactKey,
        emailDemographics: { __typename: 'EmailDemographics' as const, ...name },
      },
    },
  };
  const { data } = await client.mutate({
    mutation: SaveMyProfileDocument,
    variables: { input: { clientMutationId, contactKey: me.contactKey, emailDemographics: name } },
    ...(options.optimistic ? { optimisticResponse } : {}),
  });
  if (!data) throw new Error('updateContact answered no data');
  return data.updateContact;
}

/** What the page shows from the cache alone (no request): `me` as the cache holds it now. */
export function cachedMyProfile(client: ApolloClient, options: { optimistic?: boolean } = {}): MyProfile | null {
  return client.readQuery({ query: MyProfileDocument, optimistic: options.optimistic ?? false })?.me ?? null;
}

/**
 * Recipe: Relay (relay-runtime's store; React is not needed) against contacts-graph.
 *
 * What the app must do:
 * - generate its artifacts with relay-compiler against schema.graphql (here `relay-artifacts.ts`
 *   builds the same objects, see there); relay-compiler adds `id` and `__typename` where Relay needs them;
 * - refetch a contact with `node(id:)`, the Relay convention this service follows (the id is the
 *   contact's `id`: opaque, global, stable);
 * - select in the mutation payload's `contact` the fields its views show.
 * What it need not do: no `getDataID`, no `updater` or `optimisticUpdater` for `updateContact`, no
 * refetch after it: Relay keys records by `id` alone, which is global here, so the payload's
 * `contact` updates the record every view reads. `clientMutationId` is accepted and echoed, as the
 * Relay convention has it; Relay does not need it.
 */
import { readFileSync } from 'node:fs';
import {
  commitMutation,
  createOperationDescriptor,
  Environment,
  fetchQuery,
  Network,
  RecordSource,
  Store,
  type GraphQLResponse,
  type Snapshot,
} from 'relay-runtime';
import { concreteRequest, loadSchema } from './relay-artifacts.js';

const schema = loadSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));

export const MeQuery = concreteRequest(
  schema,
  'query relayMeQuery { me { id contactKey emailDemographics { firstName lastName } } }',
);

/** What a refetchable fragment's generated query is: the contact again, by its global id. */
export const ContactNodeQuery = concreteRequest(
  schema,
  `query relayContactNodeQuery($id: ID!) {
    node(id: $id) { __typename id ... on Contact { contactKey emailDemographics { firstName lastName } } }
  }`,
);

export const SaveMyProfileMutation = concreteRequest(
  schema,
  `mutation relaySaveMyProfileMutation($input: UpdateContactInput!) {
    updateContact(input: $input) {
      clientMutationId operationStatus userErrors { field code message }
      contact { id contactKey emailDemographics { firstName lastName } }
    }
  }`,
);

export interface ContactView {
  id: string;
  contactKey: string;
  emailDemographics: { firstName: string | null; lastName: string | null } | null;
}

/** `token` returns the signed-in person's bearer token; `fetch` defaults to the global one. */
export function createRelayEnvironment(
  graphqlUrl: string,
  token: () => string | undefined,
  options: { fetch?: typeof fetch } = {},
): Environment {
  const send = options.fetch ?? fetch;
  const network = Network.create(async (params, variables) => {
    const bearer = token();
    const response = await send(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query: params.text, operationName: params.name, variables }),
    });
    return (await response.json()) as GraphQLResponse;
  });
  return new Environment({ network, store: new Store(new RecordSource()) });
}

/** The signed-in person's contact (`me`), fetched into the store. */
export async function loadMe(environment: Environment): Promise<ContactView | null> {
  const data = (await fetchQuery(environment, MeQuery, {}).toPromise()) as { me: ContactView | null } | undefined;
  return data?.me ?? null;
}

/** A view of one contact by id, as a component would hold it: refetched with `node(id)`, then read from the store. */
export async function watchContact(
  environment: Environment,
  id: string,
  onChange: (contact: ContactView | null) => void,
): Promise<{ current(): ContactView | null; dispose(): void }> {
  await fetchQuery(environment, ContactNodeQuery, { id }).toPromise();
  const operation = createOperationDescriptor(ContactNodeQuery, { id });
  const retained = environment.retain(operation);
  const read = (snapshot: Snapshot) => (snapshot.data as { node: ContactView | null } | null)?.node ?? null;
  const subscription = environment.subscribe(environment.lookup(operation.fragment), (s) => onChange(read(s)));
  return {
    current: () => read(environment.lookup(operation.fragment)),
    dispose() {
      subscription.dispose();
      retained.dispose();
    },
  };
}

export interface SavePayload {
  clientMutationId: string | null;
  operationStatus: string;
  userErrors: { field: string[]; code: string; message: string }[];
  contact: ContactView | null;
}

/** Saves a new name; Relay applies the payload's `contact` to the store by its id. */
export function renameMe(
  environment: Environment,
  contactKey: string,
  name: { firstName: string; lastName: string | null },
  clientMutationId: string | null = null,
): Promise<SavePayload> {
  return new Promise((resolve, reject) => {
    commitMutation(environment, {
      mutation: SaveMyProfileMutation,
      variables: { input: { clientMutationId, contactKey, emailDemographics: name } },
      onCompleted: (response, errors) =>
        errors?.length
          ? reject(new Error(errors[0]?.message))
          : resolve((response as { updateContact: SavePayload }).updateContact),
      onError: reject,
    });
  });
}

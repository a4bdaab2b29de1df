/**
 * What every server in the benchmark is sent: the seed update (SFMC's example request)
 * and synthetic updates of 10, 100 and 1000 attribute values, as GraphQL variables
 * and as the plain JSON the direct forwarder takes. Both become the same PATCH body.
 */
import { catalogFromModel, createCatalog, standardModel } from '../src/catalog/index.js';
import { SEED_VARIABLES } from '../src/server/graphiql-example.js';
import { buildPatchBody, type UpdateContactInput } from '../src/translate/patch-body.js';

export const MUTATION = `mutation UpdateContact($input: UpdateContactInput!) {
  updateContact(input: $input) {
    operationStatus rowsAffected contactKey contactId contactTypeId isNewContactKey hasErrors
    messages { resultType resultClass resultCode message }
    requestServiceMessageId serviceMessageId responseDateTime requestId
  }
}`;

export type UpdateInput = Record<string, unknown>;

/** N values spread over sets of at most 100, through the generic `attributeSets` input. */
export function syntheticInput(values: number): UpdateInput {
  const sets = Math.ceil(values / 100);
  return {
    contactKey: 'bench@example.com',
    attributeSets: Array.from({ length: sets }, (_, s) => ({
      name: `Bench Set ${s + 1}`,
      items: [
        {
          values: Array.from({ length: Math.min(100, values - s * 100) }, (_, v) => ({
            name: `Attribute ${v + 1}`,
            value: v % 3 === 0 ? v : v % 3 === 1 ? `text value ${v}` : v % 2 === 0,
          })),
        },
      ],
    })),
  };
}

export const SEED_INPUT: UpdateInput = SEED_VARIABLES.input;

export const graphqlBody = (input: UpdateInput) => JSON.stringify({ query: MUTATION, variables: { input } });
/**
 * The catalog the benchmarked service builds from the committed standard snapshot: it knows no tenant's names, so
 * every name (the seed's extra attributes, the synthetic sets) goes to SFMC, which judges it.
 */
export const serviceCatalog = createCatalog(catalogFromModel(standardModel), null);
/** The direct forwarder takes SFMC's own JSON: the PATCH body the service would build for `input`. */
export const restBody = (input: UpdateInput) => JSON.stringify(buildPatchBody(serviceCatalog, input as UpdateContactInput));

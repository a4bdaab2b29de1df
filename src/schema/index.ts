import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import type { Catalog } from '../catalog/index.js';
import { createBuilder } from './builder.js';
import { registerUpdateContact } from './update-contact.js';

export type { RequestContext } from './builder.js';

/** The GraphQL schema for a catalog: the standard groups by default, a tenant's model later. */
export function buildSchema(catalog: Catalog): GraphQLSchema {
  const builder = createBuilder();
  registerUpdateContact(builder, catalog);
  return builder.toSchema();
}

/** The SDL committed as `schema.graphql`: sorted, so diffs show only real changes. */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

import type { Catalog } from '../catalog/index.js';
import { buildSchema } from './index.js';

/** The committed subgraph schema: generated from the tenant model's catalog, checked in CI. */
export const SCHEMA_FILE = new URL('../../schema.graphql', import.meta.url);

/** The text of schema.graphql for a catalog. */
export const schemaText = (catalog: Catalog): string => buildSchema(catalog).sdl;

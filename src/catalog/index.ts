import shippedSnapshot from './tenant-model.json' with { type: 'json' };
import { catalogFromModel, readModelJson } from './model-catalog.js';
import type { TenantModel } from './tenant-model.js';
import type { CatalogAttribute, CatalogGroup } from './types.js';

export type { Cardinality, CatalogAttribute, CatalogGroup, SfmcDataType } from './types.js';
export { catalogFromModel, loadModelFile, mergePrevious, readModelJson, resolveModel } from './model-catalog.js';
export { serializeSnapshot, TenantModelError, type ModelAttribute, type ModelGroup, type TenantModel } from './tenant-model.js';

/**
 * The attribute groups one deployment knows. SFMC compares group and attribute
 * names without regard to case, so lookups here do too.
 */
export interface Catalog {
  readonly groups: readonly CatalogGroup[];
  findGroup(sfmcName: string): CatalogGroup | undefined;
  findAttribute(group: CatalogGroup, sfmcName: string): CatalogAttribute | undefined;
}

export function createCatalog(groups: readonly CatalogGroup[]): Catalog {
  const byName = new Map(groups.map((g) => [g.sfmcName.toLowerCase(), g]));
  const attributes = new Map(groups.map((g) => [g, new Map(g.attributes.map((a) => [a.sfmcName.toLowerCase(), a]))]));
  return {
    groups,
    findGroup: (sfmcName) => byName.get(sfmcName.toLowerCase()),
    findAttribute: (group, sfmcName) => attributes.get(group)?.get(sfmcName.toLowerCase()),
  };
}

/** Where `npm run datamodel:pull` writes the tenant's model, and what the schema is built from by default. */
export const SNAPSHOT_FILE = new URL('./tenant-model.json', import.meta.url);

/** The model in the snapshot that ships (`src/catalog/tenant-model.json`, as built). */
export const shippedModel: TenantModel = readModelJson(shippedSnapshot);

/**
 * The catalog of the shipped snapshot: SFMC's standard groups of the seed request,
 * unless the snapshot was pulled from a tenant since.
 */
export const standardCatalog: Catalog = createCatalog(catalogFromModel(shippedModel));

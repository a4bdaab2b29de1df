import standardSnapshot from './standard-model.json' with { type: 'json' };
import shippedSnapshot from './tenant-model.json' with { type: 'json' };
import { catalogFromModel, readModelJson } from './model-catalog.js';
import type { TenantModel } from './tenant-model.js';
import type { CatalogAttribute, CatalogEvent, CatalogGroup, CatalogGroups, ModelNames } from './types.js';

export type {
  Cardinality,
  CatalogAttribute,
  CatalogEvent,
  CatalogEventField,
  CatalogGroup,
  CatalogGroups,
  ModelNames,
  SfmcDataType,
} from './types.js';
export type { ModelEvent, ModelEventField } from './event-model.js';
export {
  catalogFromModel,
  counterparts,
  modelNames,
  loadModelFile,
  mergePrevious,
  readModelJson,
  resolveModel,
} from './model-catalog.js';
export {
  serializeSnapshot,
  STANDARD_MODEL_ABOUT,
  TenantModelError,
  type ModelAttribute,
  type ModelGroup,
  type TenantModel,
} from './tenant-model.js';

/**
 * The attribute groups one deployment knows. SFMC compares group and attribute
 * names without regard to case, so lookups here do too.
 */
export interface Catalog {
  readonly groups: readonly CatalogGroup[];
  /** The API events frontends may fire (`"allowed": true`); none: no journey mutations in the schema. */
  readonly events: readonly CatalogEvent[];
  findGroup(sfmcName: string): CatalogGroup | undefined;
  findAttribute(group: CatalogGroup, sfmcName: string): CatalogAttribute | undefined;
  /**
   * Whether the model the catalog was built from has a group of this SFMC name, typed or not. A catalog
   * made from groups alone (no model names attached) cannot tell, and knows every name.
   */
  knowsGroup(sfmcName: string): boolean;
  /** Whether that group of the model has an attribute of this SFMC name, typed or not (every name without a model). */
  knowsAttribute(groupName: string, sfmcName: string): boolean;
}

/**
 * A catalog of these groups. `names` are the tenant's group and attribute names, by default those of the model the
 * groups were built from; a service whose SFMC serves a larger model than its schema's (the built-in emulator's demo
 * tenant) passes that model's; `null` (or groups built by hand) knows no names, so refuses none.
 */
export function createCatalog(
  groups: CatalogGroups,
  names: ModelNames | null = groups.modelNames ?? null,
  events: readonly CatalogEvent[] = groups.events ?? [],
): Catalog {
  const byName = new Map(groups.map((g) => [g.sfmcName.toLowerCase(), g]));
  const attributes = new Map(groups.map((g) => [g, new Map(g.attributes.map((a) => [a.sfmcName.toLowerCase(), a]))]));
  return {
    groups,
    events,
    findGroup: (sfmcName) => byName.get(sfmcName.toLowerCase()),
    findAttribute: (group, sfmcName) => attributes.get(group)?.get(sfmcName.toLowerCase()),
    knowsGroup: (sfmcName) => names === null || names.has(sfmcName.toLowerCase()),
    knowsAttribute: (groupName, sfmcName) =>
      names === null || names.get(groupName.toLowerCase())?.has(sfmcName.toLowerCase()) === true,
  };
}

/** Where `npm run datamodel:pull` writes the tenant's model, and what the schema is built from by default. */
export const SNAPSHOT_FILE = new URL('./tenant-model.json', import.meta.url);

/**
 * The committed snapshot (`src/catalog/tenant-model.json`, as built): what the deployed
 * service serves without DATA_MODEL. SFMC's standard groups until a tenant's model is
 * pulled and committed; nothing but the service, schema:print and the pull reads it.
 */
export const shippedModel: TenantModel = readModelJson(shippedSnapshot);

/** Where src/catalog/standard-model.json is. */
export const STANDARD_MODEL_FILE = new URL('./standard-model.json', import.meta.url);

/**
 * SFMC's standard groups of the seed request (`src/catalog/standard-model.json`), whatever
 * tenant's model is committed: what the emulator serves by default and the tests build from.
 */
export const standardModel: TenantModel = readModelJson(standardSnapshot);

/** The catalog of the standard model. */
export const standardCatalog: Catalog = createCatalog(catalogFromModel(standardModel));
export {
  CREATE_REQUIREMENTS,
  createBreaches,
  type CreateBreach,
  type CreateRequirement,
  type CreateSet,
} from './create-requirements.js';

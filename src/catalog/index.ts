import { STANDARD_GROUPS } from './standard-groups.js';
import type { CatalogAttribute, CatalogGroup } from './types.js';

export type { Cardinality, CatalogAttribute, CatalogGroup, SfmcDataType } from './types.js';

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
  const attributes = new Map(
    groups.map((g) => [g, new Map(g.attributes.map((a) => [a.sfmcName.toLowerCase(), a]))]),
  );
  return {
    groups,
    findGroup: (sfmcName) => byName.get(sfmcName.toLowerCase()),
    findAttribute: (group, sfmcName) => attributes.get(group)?.get(sfmcName.toLowerCase()),
  };
}

/** The standard groups of the seed request: what every deployment types by default. */
export const standardCatalog: Catalog = createCatalog(STANDARD_GROUPS);

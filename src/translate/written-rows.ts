import type { Catalog } from '../catalog/index.js';
import { coerceValue } from '../catalog/data-types.js';
import type { ContactRow } from './contact-read.js';
import type { PatchBody } from './patch-body.js';

/**
 * What an applied update says of the groups it wrote, as a read would show them: for a one-row group,
 * the attributes it set (the row's others are as they were); `unknown` for a many-rows group, whose
 * rows it may have added or replaced. The read cache updates what it holds with it, so a page that
 * saves and reloads asks SFMC nothing more. Attributes the schema does not read are left out.
 */
export type WrittenGroups = Map<string, ContactRow | 'unknown'>;

export function writtenGroups(catalog: Catalog, body: PatchBody): WrittenGroups {
  const written: WrittenGroups = new Map();
  for (const set of body.attributeSets) {
    const group = catalog.findGroup(set.name);
    if (!group) continue;
    if (group.cardinality === 'MANY' || set.items.length !== 1) {
      written.set(group.graphqlName, 'unknown');
      continue;
    }
    const row: ContactRow = {};
    for (const { name, value } of set.items[0]?.values ?? []) {
      const attribute = catalog.findAttribute(group, name);
      if (!attribute) continue;
      const coerced = value === null ? undefined : coerceValue(attribute.dataType, value);
      row[attribute.graphqlName] = coerced?.ok ? coerced.value : null;
    }
    written.set(group.graphqlName, row);
  }
  return written;
}

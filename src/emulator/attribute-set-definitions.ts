import type { Catalog, CatalogAttribute, CatalogGroup } from '../catalog/index.js';
import { invalidValue } from './gateway-errors.js';
import type { JsonReply } from './http-json.js';
import { pageOf, pagingFrom } from './paging.js';
import { serviceEnvelope } from './service-envelope.js';
import { attributeId, stableId } from './stable-ids.js';

/**
 * GET /contacts/v1/attributeSetDefinitions: the tenant model in the list shape of
 * reference §3.5, paged. Ids are derived from names so two pulls of the same model
 * are byte-identical apart from the message ids.
 */

type Definition = Record<string, unknown>;

/** SFMC's channel-address sets, the ones it can send to (reference §5). */
const SENDABLE_SET_KEYS = new Set(['EmailAddresses', 'MobileDemographics', 'PushDemographics']);

function attributeDefinition(
  group: CatalogGroup,
  attribute: CatalogAttribute,
  index: number,
  parentId: string,
  isSystemDefined: boolean,
): Definition {
  const fullyQualifiedName = `${group.sfmcName}.${attribute.sfmcName}`;
  return {
    id: attributeId(fullyQualifiedName),
    key: attribute.key,
    name: { value: attribute.sfmcName },
    storageName: attribute.key,
    dataType: attribute.dataType,
    isPrimaryKey: attribute.isPrimaryKey,
    isNullable: attribute.isNullable,
    isReadOnly: false,
    displayOrder: index + 1,
    ranges: [],
    description: attribute.description,
    ...(attribute.length !== undefined ? { length: attribute.length } : {}),
    restrictedValues: [],
    fullyQualifiedName,
    parentId,
    isSystemDefined,
    isIdentityValue: false,
    isHidden: false,
    isUpdateable: true,
    parentType: 'Set',
    objectState: 'Created',
  };
}

/**
 * `group` comes from the tenant model. What the deployment's catalog (`base`) also
 * holds is SFMC's own (system-defined); the rest is the tenant's.
 */
function setDefinition(group: CatalogGroup, base: Catalog): Definition {
  const id = stableId(`set:${group.sfmcName}`);
  const baseGroup = base.findGroup(group.sfmcName);
  const systemDefined = group.attributes.map(
    (a) => baseGroup !== undefined && base.findAttribute(baseGroup, a.sfmcName) !== undefined,
  );
  const isSystemDefined = baseGroup !== undefined;
  return {
    id,
    key: group.key,
    name: { value: group.sfmcName },
    fullyQualifiedName: group.sfmcName,
    storageLogicalType: 'ExtendedProperties',
    isRoot: false,
    isSendable: SENDABLE_SET_KEYS.has(group.key),
    isShared: false,
    isEvent: false,
    // The list shape has no cardinality field; SFMC's data model states it as the
    // relationship from the Contact set, so a puller reads ONE/MANY from here.
    relationships: [
      {
        relationshipType: group.cardinality === 'MANY' ? 'OneToMany' : 'OneToOne',
        leftItem: { relationshipType: 'Set', identifier: 'Contact' },
        rightItem: { relationshipType: 'Set', identifier: group.key },
      },
    ],
    attributes: group.attributes.map((a, i) => attributeDefinition(group, a, i, id, systemDefined[i] ?? false)),
    // A tenant extends its own sets and the ones that already hold its attributes.
    canAddValues: !isSystemDefined || systemDefined.includes(false),
    isSystemDefined,
    canRemove: !isSystemDefined,
    canModify: !isSystemDefined,
    isReadOnly: false,
    links: {},
    objectState: 'Created',
  };
}

export function attributeSetDefinitions(model: Catalog, base: Catalog): Definition[] {
  return model.groups.map((g) => setDefinition(g, base));
}

export function definitionsPage(definitions: readonly Definition[], query: URLSearchParams): JsonReply {
  const paging = pagingFrom(query);
  if (paging === undefined) return invalidValue();
  return {
    status: 200,
    body: {
      ...pageOf(definitions, paging),
      links: { self: { href: '/v1/attributeSetDefinitions' }, schema: { href: '/v1/schema' } },
      ...serviceEnvelope(),
    },
  };
}

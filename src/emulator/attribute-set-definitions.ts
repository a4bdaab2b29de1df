import { createHash, randomUUID } from 'node:crypto';
import type { Catalog, CatalogAttribute, CatalogGroup } from '../catalog/index.js';
import { invalidValue } from './gateway-errors.js';
import type { JsonReply } from './http-json.js';

/**
 * GET /contacts/v1/attributeSetDefinitions: the tenant model in the list shape of
 * reference §3.5, paged. Ids are derived from names so two pulls of the same model
 * are byte-identical apart from the message ids.
 */

type Definition = Record<string, unknown>;

/** SFMC's channel-address sets, the ones it can send to (reference §5). */
const SENDABLE_SET_KEYS = new Set(['EmailAddresses', 'MobileDemographics', 'PushDemographics']);

const DEFAULT_PAGE_SIZE = 50;

/** A UUID (version 5 layout) from the SHA-1 of `name`. */
export function stableId(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const parts = [hex.slice(0, 8), hex.slice(8, 12), `5${hex.slice(13, 16)}`, `${variant}${hex.slice(17, 20)}`];
  return [...parts, hex.slice(20, 32)].join('-');
}

function attributeDefinition(
  group: CatalogGroup,
  attribute: CatalogAttribute,
  index: number,
  parentId: string,
  isSystemDefined: boolean,
): Definition {
  const fullyQualifiedName = `${group.sfmcName}.${attribute.sfmcName}`;
  return {
    id: stableId(`attribute:${fullyQualifiedName}`),
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

/** Clients send `$page`/`$pageSize`; the plain names are accepted too. */
function positiveInteger(query: URLSearchParams, name: string, fallback: number): number | undefined {
  const raw = query.get(`$${name}`) ?? query.get(name);
  if (raw === null) return fallback;
  return /^\d{1,9}$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined;
}

export function definitionsPage(definitions: readonly Definition[], query: URLSearchParams): JsonReply {
  const page = positiveInteger(query, 'page', 1);
  const pageSize = positiveInteger(query, 'pageSize', DEFAULT_PAGE_SIZE);
  if (page === undefined || pageSize === undefined) return invalidValue();
  const start = (page - 1) * pageSize;
  return {
    status: 200,
    body: {
      page,
      pageSize,
      count: definitions.length,
      items: definitions.slice(start, start + pageSize),
      links: { self: { href: '/v1/attributeSetDefinitions' }, schema: { href: '/v1/schema' } },
      requestServiceMessageID: randomUUID(),
      resultMessages: [],
      serviceMessageID: randomUUID(),
    },
  };
}

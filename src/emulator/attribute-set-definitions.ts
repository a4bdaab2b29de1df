import type { ModelAttribute, ModelGroup, TenantModel } from '../catalog/index.js';
import { invalidValue } from './gateway-errors.js';
import type { JsonReply } from './http-json.js';
import { pageOf, pagingFrom } from './paging.js';
import { serviceEnvelope } from './service-envelope.js';
import { attributeId, stableId } from './stable-ids.js';

/**
 * GET /contacts/v1/attributeSetDefinitions: the tenant model in SFMC's documented
 * list shape, paged. Ids are the model's, else derived from names, so two pulls of
 * the same model are byte-identical apart from the message ids.
 */

type Definition = Record<string, unknown>;

/** SFMC's channel-address sets, the ones it can send to (`isSendable` in a real tenant's model). */
const SENDABLE_SET_KEYS = new Set(['EmailAddresses', 'MobileDemographics', 'PushDemographics']);

const setId = (group: ModelGroup): string => group.id ?? stableId(`set:${group.name}`);
const idOf = (group: ModelGroup, attribute: ModelAttribute): string =>
  attribute.id ?? attributeId(`${group.name}.${attribute.name}`);

function attributeDefinition(group: ModelGroup, attribute: ModelAttribute, index: number): Definition {
  return {
    id: idOf(group, attribute),
    key: attribute.key,
    name: { value: attribute.name },
    storageName: attribute.key,
    dataType: attribute.dataType,
    isPrimaryKey: attribute.primaryKey,
    isNullable: attribute.nullable,
    isReadOnly: attribute.readOnly,
    displayOrder: index + 1,
    ranges: [],
    description: attribute.description,
    ...(attribute.length !== undefined ? { length: attribute.length } : {}),
    ...(attribute.defaultValue !== undefined ? { defaultValue: attribute.defaultValue } : {}),
    restrictedValues: [],
    fullyQualifiedName: `${group.name}.${attribute.name}`,
    parentId: setId(group),
    isSystemDefined: attribute.systemDefined,
    isIdentityValue: attribute.identity,
    isHidden: attribute.hidden,
    isUpdateable: !attribute.readOnly,
    parentType: 'Set',
    objectState: 'Created',
  };
}

/** The id of the Contact attribute ("Contact.Contact Key") an attribute mirrors, as the model's Contact set has it. */
function contactAttributeId(model: TenantModel, linkedTo: string): string {
  const [setName, name] = [linkedTo.slice(0, linkedTo.indexOf('.')), linkedTo.slice(linkedTo.indexOf('.') + 1)];
  const root = model.groups.find((g) => g.root && g.name.toLowerCase() === setName.toLowerCase());
  const attribute = root?.attributes.find((a) => a.name.toLowerCase() === name.toLowerCase());
  return root && attribute ? idOf(root, attribute) : attributeId(linkedTo);
}

/**
 * The list shape has no cardinality field; SFMC's data model states it as the
 * relationship from the contact to the set, with each end's cardinality (as
 * `/hub/v1/contacts/schema/setDefinitions` shows). The emulator names it too
 * ("OneToMany": many rows per contact; "OneToOne": one), from the Contact's end.
 * Attributes that mirror the contact's key or id are the relationship's attributes.
 */
function relationships(model: TenantModel, group: ModelGroup): Definition[] {
  if (group.root) return [];
  const linked = group.attributes.filter((a) => a.linkedTo !== undefined);
  return [
    {
      relationshipType: group.cardinality === 'MANY' ? 'OneToMany' : 'OneToOne',
      isGroupToSetRelationship: true,
      leftItem: { relationshipType: 'Set', identifier: 'Contact', cardinality: 'One' },
      rightItem: { relationshipType: 'Set', identifier: group.key, cardinality: group.cardinality === 'MANY' ? 'Many' : 'One' },
      ...(linked.length > 0
        ? {
            relationshipAttributes: linked.map((a) => ({
              leftAttributeID: contactAttributeId(model, a.linkedTo!),
              rightAttributeID: idOf(group, a),
            })),
          }
        : {}),
    },
  ];
}

/** What the model calls SFMC's own (system-defined) and what is the tenant's decides what may change. */
function setDefinition(model: TenantModel, group: ModelGroup): Definition {
  return {
    id: setId(group),
    key: group.key,
    name: { value: group.name },
    fullyQualifiedName: group.name,
    description: group.description,
    storageLogicalType: 'ExtendedProperties',
    isRoot: group.root,
    isHidden: group.hidden,
    isSendable: SENDABLE_SET_KEYS.has(group.key),
    isShared: false,
    isEvent: false,
    relationships: relationships(model, group),
    attributes: group.attributes.map((a, i) => attributeDefinition(group, a, i)),
    // A tenant extends its own sets and the ones that already hold its attributes.
    canAddValues: !group.systemDefined || group.attributes.some((a) => !a.systemDefined),
    isSystemDefined: group.systemDefined,
    canRemove: !group.systemDefined,
    canModify: !group.systemDefined,
    isReadOnly: false,
    links: {},
    objectState: 'Created',
  };
}

export function attributeSetDefinitions(model: TenantModel): Definition[] {
  return model.groups.map((g) => setDefinition(model, g));
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

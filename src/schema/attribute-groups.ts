import type { Catalog, CatalogAttribute, CatalogGroup, SfmcDataType } from '../catalog/index.js';
import { GRAPHQL_SCALAR_OF } from '../catalog/data-types.js';
import type { Builder } from './builder.js';

const DATA_TYPES: Record<SfmcDataType, string> = {
  Text: 'TEXT',
  Number: 'NUMBER',
  LongNumber: 'LONG_NUMBER',
  Decimal: 'DECIMAL',
  Byte: 'BYTE',
  Boolean: 'BOOLEAN',
  Date: 'DATE',
  Phone: 'PHONE',
  EmailAddress: 'EMAIL_ADDRESS',
};

/** `attributeGroups`: the catalog itself, so a developer can discover what updateContact accepts. */
export function registerAttributeGroups(builder: Builder, catalog: Catalog) {
  const Cardinality = builder.enumType('Cardinality', {
    description: 'How many rows of an attribute group one contact holds.',
    values: {
      ONE: { description: 'One row per contact: the input field takes one object.' },
      MANY: { description: 'Many rows per contact: the input field takes a list, one object per row.' },
    } as const,
  });

  const DataType = builder.enumType('SfmcDataType', {
    description: 'SFMC attribute data types.',
    values: Object.fromEntries(
      Object.entries(DATA_TYPES).map(([sfmc, value]) => [value, { value: sfmc, description: `SFMC "${sfmc}".` }]),
    ),
  });

  const Attribute = builder.objectRef<CatalogAttribute>('AttributeDefinition').implement({
    description: 'One attribute of an attribute group.',
    fields: (t) => ({
      name: t.exposeString('sfmcName', { description: 'SFMC attribute name, as sent in values[].name.' }),
      key: t.exposeString('key', { description: 'SFMC attribute key.' }),
      fieldName: t.exposeString('graphqlName', { description: "The field in the group's input and output types." }),
      dataType: t.field({ type: DataType, resolve: (a) => a.dataType, description: 'SFMC data type.' }),
      graphqlType: t.string({
        resolve: (a) => GRAPHQL_SCALAR_OF[a.dataType] + (a.isPrimaryKey ? '!' : ''),
        description: 'The GraphQL type of the input field.',
      }),
      length: t.int({
        nullable: true,
        resolve: (a) => (a.length !== undefined && a.length > 0 ? a.length : null),
        description: 'Maximum length in characters; null when unbounded.',
      }),
      isPrimaryKey: t.exposeBoolean('isPrimaryKey', { description: 'Identifies the row; required in input.' }),
      isNullable: t.exposeBoolean('isNullable', { description: 'Whether null may clear it.' }),
      description: t.exposeString('description', { description: 'What the attribute holds.' }),
    }),
  });

  const Group = builder.objectRef<CatalogGroup>('AttributeGroup').implement({
    description: 'An SFMC attribute group that updateContact types.',
    fields: (t) => ({
      name: t.exposeString('sfmcName', { description: 'SFMC attribute group name, as sent in attributeSets[].name.' }),
      key: t.exposeString('key', { description: 'SFMC attribute group key.' }),
      fieldName: t.exposeString('graphqlName', { description: 'The field on UpdateContactInput and Contact.' }),
      inputTypeName: t.exposeString('inputTypeName', { description: 'The GraphQL input type of one row.' }),
      typeName: t.exposeString('typeName', { description: 'The GraphQL output type of one row.' }),
      cardinality: t.field({ type: Cardinality, resolve: (g) => g.cardinality, description: 'ONE or MANY rows.' }),
      description: t.exposeString('description', { description: 'What the group holds.' }),
      attributes: t.field({ type: [Attribute], resolve: (g) => g.attributes, description: 'Its typed attributes.' }),
    }),
  });

  builder.queryField('attributeGroups', (t) =>
    t.field({
      type: [Group],
      description:
        'The attribute groups updateContact takes as typed fields, with their attributes and types. ' +
        'Other groups go through attributeSets by SFMC name.',
      resolve: () => catalog.groups,
    }),
  );
}

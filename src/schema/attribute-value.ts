import { GraphQLError, Kind, type ValueNode } from 'graphql';
import type { AttributeScalar } from '../catalog/data-types.js';
import type { AttributeSetInput, AttributeValueInput } from '../translate/patch-body.js';
import type { Builder } from './builder.js';

function attributeScalar(value: unknown): AttributeScalar {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new GraphQLError('AttributeValue must be a string, a number or a boolean.', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

function fromLiteral(node: ValueNode): AttributeScalar {
  switch (node.kind) {
    case Kind.STRING:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return attributeScalar(Number(node.value));
    default:
      return attributeScalar(undefined);
  }
}

/** The untyped `{ name, value }` forms: tenant attributes and attribute groups the catalog does not type. */
export function registerAttributeValues(builder: Builder) {
  builder.scalarType('AttributeValue', {
    description: 'A value of an SFMC attribute: a string, a number or a boolean, sent to SFMC as that JSON type.',
    serialize: attributeScalar,
    parseValue: attributeScalar,
    parseLiteral: fromLiteral,
  });

  const AttributeValueInput = builder.inputRef<AttributeValueInput>('AttributeValueInput').implement({
    description: 'One SFMC attribute by its SFMC name, for attributes the schema does not type.',
    fields: (t) => ({
      name: t.string({ required: true, description: 'The SFMC attribute name, e.g. "Number Profile Attribute".' }),
      value: t.field({ type: 'AttributeValue', required: true, description: 'The value to write.' }),
    }),
  });

  const AttributeSetItemInput = builder
    .inputRef<AttributeSetInput['items'][number]>('AttributeSetItemInput')
    .implement({
      description: 'One row of an attribute group.',
      fields: (t) => ({
        values: t.field({ type: [AttributeValueInput], required: true, description: 'The attributes of the row.' }),
      }),
    });

  const AttributeSetInput = builder.inputRef<AttributeSetInput>('AttributeSetInput').implement({
    description: 'An attribute group the schema does not type (a tenant group), by its SFMC name.',
    fields: (t) => ({
      name: t.string({ required: true, description: 'The SFMC attribute group name, e.g. "Preferences".' }),
      items: t.field({ type: [AttributeSetItemInput], required: true, description: 'The rows to write.' }),
    }),
  });

  return { AttributeValueInput, AttributeSetInput };
}

import { GraphQLError, Kind, type ValueNode } from 'graphql';
import type { AttributeScalar } from '../catalog/data-types.js';
import type { AttributeSetInput, AttributeValueInput } from '../translate/patch-body.js';
import type { Builder } from './builder.js';

const MESSAGE = 'AttributeValue must be a string, a number or a boolean.';

const isAttributeScalar = (value: unknown): value is AttributeScalar =>
  typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

/** For variables: a GraphQLError, which Yoga shows (a plain error would be masked as unexpected). */
function attributeScalar(value: unknown): AttributeScalar {
  if (isAttributeScalar(value)) return value;
  throw new GraphQLError(MESSAGE, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** For literals: a plain error, which graphql-js turns into a validation error at the literal. */
function fromLiteral(node: ValueNode): AttributeScalar {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    default:
      throw new TypeError(MESSAGE);
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

  const AttributeSetItemInput = builder.inputRef<AttributeSetInput['items'][number]>('AttributeSetItemInput').implement({
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

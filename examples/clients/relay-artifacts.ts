/**
 * The runtime artifacts relay-compiler emits for an operation (a `ConcreteRequest`), built from the
 * document's text and schema.graphql. An app runs relay-compiler (`relay.config.json` with
 * `"schema": "schema.graphql"`), which writes them into `__generated__/*.graphql.ts`; it is a native
 * binary this repository does not depend on, so the Relay recipe builds the same objects here.
 *
 * Only what the recipe's documents use is handled: fields, aliases, arguments and inline fragments
 * (no fragment spreads, directives or connections). Where relay-compiler would add `__typename`
 * (abstract types) and `id` (types that have one) itself, this refuses a document that lacks them.
 */
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isListType,
  isObjectType,
  isUnionType,
  Kind,
  parse,
  valueFromASTUntyped,
  type ArgumentNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { ConcreteRequest, NormalizationSelection, ReaderSelection } from 'relay-runtime';

/** Loads schema.graphql (a Federation subgraph SDL: its `@link` and `@key` are not checked here). */
export function loadSchema(sdl: string): GraphQLSchema {
  return buildSchema(sdl, { assumeValidSDL: true });
}

type Selection = ReaderSelection & NormalizationSelection;

function argumentOf(arg: ArgumentNode) {
  return arg.value.kind === Kind.VARIABLE
    ? { kind: 'Variable' as const, name: arg.name.value, variableName: arg.value.name.value }
    : { kind: 'Literal' as const, name: arg.name.value, value: valueFromASTUntyped(arg.value) };
}

/** `outer`: the fields the enclosing selection set selects already (for an inline fragment's). */
function selectionsOf(
  schema: GraphQLSchema,
  set: SelectionSetNode,
  parent: GraphQLCompositeType,
  outer: ReadonlySet<string> = new Set(),
): Selection[] {
  const names = new Set([...outer, ...set.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []))]);
  if (isAbstractType(parent) && !names.has('__typename')) throw new Error(`select __typename on ${parent.name}`);
  if (!isAbstractType(parent) && 'id' in parent.getFields() && !names.has('id')) throw new Error(`select id on ${parent.name}`);
  return set.selections.map((node): Selection => {
    if (node.kind === Kind.INLINE_FRAGMENT) {
      const type = node.typeCondition ? schema.getType(node.typeCondition.name.value) : parent;
      if (!isCompositeType(type)) throw new Error(`unknown type ${node.typeCondition?.name.value}`);
      const abstractKey = isAbstractType(type) ? `__is${type.name}` : null;
      return {
        kind: 'InlineFragment',
        type: type.name,
        abstractKey,
        selections: selectionsOf(schema, node.selectionSet, type, names),
      };
    }
    if (node.kind !== Kind.FIELD) throw new Error('fragment spreads are not handled');
    const name = node.name.value;
    const alias = node.alias?.value ?? null;
    const args = node.arguments?.length ? node.arguments.map(argumentOf) : null;
    if (!node.selectionSet) return { kind: 'ScalarField', alias, name, args, storageKey: null };
    const field = isUnionType(parent) ? undefined : parent.getFields()[name];
    if (!field) throw new Error(`${parent.name}.${name} is not a field`);
    const type = getNamedType(field.type);
    if (!isCompositeType(type)) throw new Error(`${parent.name}.${name} has no selections`);
    return {
      kind: 'LinkedField',
      alias,
      name,
      args,
      storageKey: null,
      plural: isListType(getNullableType(field.type)),
      concreteType: isObjectType(type) ? type.name : null,
      selections: selectionsOf(schema, node.selectionSet, type),
    };
  }) as Selection[];
}

/** The `ConcreteRequest` relay-compiler would emit for this one-operation document. */
export function concreteRequest(schema: GraphQLSchema, text: string): ConcreteRequest {
  const operation = parse(text).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation?.name) throw new Error('one named operation');
  const root = schema.getRootType(operation.operation);
  if (!root) throw new Error(`no ${operation.operation} type`);
  const name = operation.name.value;
  const argumentDefinitions = (operation.variableDefinitions ?? []).map((v) => ({
    kind: 'LocalArgument' as const,
    name: v.variable.name.value,
    defaultValue: v.defaultValue ? valueFromASTUntyped(v.defaultValue) : null,
  }));
  const selections = selectionsOf(schema, operation.selectionSet, root);
  return {
    kind: 'Request',
    fragment: { kind: 'Fragment', name, type: root.name, abstractKey: null, metadata: null, argumentDefinitions, selections },
    operation: { kind: 'Operation', name, argumentDefinitions, selections },
    params: { cacheID: name, id: null, metadata: {}, name, operationKind: operation.operation, text },
  };
}

import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { serviceError } from '../errors.js';
import type { ExecutionStep } from './execution.js';

/** The `representations` of one `_entities` field: a list literal, or a variable (with its default, if any). */
type Representations = { count: number } | { variable: string; fallback: ValueNode | undefined };

/** Entries a list value holds; GraphQL takes a single value where a list is expected as a list of one. */
const listLength = (value: unknown): number => (Array.isArray(value) ? value.length : value == null ? 0 : 1);

const literalLength = (node: ValueNode | undefined): number =>
  node === undefined || node.kind === Kind.NULL ? 0 : node.kind === Kind.LIST ? node.values.length : 1;

function operationOf(document: DocumentNode, name: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return name ? operations.find((o) => o.name?.value === name) : operations.length === 1 ? operations[0] : undefined;
}

/**
 * Every `_entities` field the operation selects on the query root, however aliased or spread
 * (each fragment once: validation has refused cycles and the depth limit bounds the rest).
 */
function entitiesFields(document: DocumentNode, operation: OperationDefinitionNode): Representations[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const defaults = new Map(operation.variableDefinitions?.map((v) => [v.variable.name.value, v.defaultValue]));
  const found: Representations[] = [];
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) {
          seen.add(fragment.name.value);
          walk(fragment.selectionSet);
        }
      } else if (selection.name.value === '_entities') {
        const value = selection.arguments?.find((a) => a.name.value === 'representations')?.value;
        found.push(
          value?.kind === Kind.VARIABLE
            ? { variable: value.name.value, fallback: defaults.get(value.name.value) }
            : { count: literalLength(value) },
        );
      }
    }
  };
  walk(operation.selectionSet);
  return found;
}

/**
 * Caps the entity representations one operation asks for (MAX_ENTITIES), all its `_entities`
 * fields together (aliases would multiply a per-field cap): a larger batch is refused with
 * TOO_MANY_ENTITIES (400) before any resolver runs, so nothing is sent to SFMC. Every 50
 * representations cost one SFMC search; 1,300 in one 58 KB request were 26.
 *
 * A step of the execution both doors run (`execution.ts`): the count needs the variables, which
 * validation (cached per document) does not see. Where the fields
 * are is worked out once per document; a document without `_entities` costs a map lookup.
 */
export function entityLimit(maxEntities: number): ExecutionStep {
  const cache = new WeakMap<DocumentNode, Map<string | null | undefined, Representations[]>>();

  function fieldsOf(document: DocumentNode, operationName: string | null | undefined): Representations[] {
    let byName = cache.get(document);
    if (byName === undefined) cache.set(document, (byName = new Map()));
    let fields = byName.get(operationName);
    if (fields === undefined) {
      const operation = operationOf(document, operationName);
      fields = operation?.operation === 'query' ? entitiesFields(document, operation) : [];
      byName.set(operationName, fields);
    }
    return fields;
  }

  return (next) => (args) => {
    const fields = fieldsOf(args.document, args.operationName);
    if (fields.length === 0) return next(args);
    const variables = (args.variableValues ?? {}) as Record<string, unknown>;
    let count = 0;
    for (const field of fields) {
      if ('count' in field) count += field.count;
      else if (Object.hasOwn(variables, field.variable)) count += listLength(variables[field.variable]);
      else count += literalLength(field.fallback);
    }
    if (count <= maxEntities) return next(args);
    return Promise.resolve({
      errors: [
        serviceError(
          'TOO_MANY_ENTITIES',
          `An operation may ask for at most ${maxEntities} entity representations; this one asks for ${count}.`,
          { maxEntities },
        ),
      ],
    });
  };
}

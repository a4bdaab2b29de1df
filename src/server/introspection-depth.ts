import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from 'graphql';

/** Deeper than any type a schema can print (`[[String!]!]!` is five) and than the standard introspection query (nine). */
export const MAX_OF_TYPE_DEPTH = 10;

/** The most `ofType` fields nested along one path of a selection, fragments followed. */
function ofTypeDepth(context: ValidationContext, selectionSet: SelectionSetNode, onPath: ReadonlySet<string>): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    let depth = 0;
    if (selection.kind === Kind.FIELD) {
      const below = selection.selectionSet ? ofTypeDepth(context, selection.selectionSet, onPath) : 0;
      depth = below + (selection.name.value === 'ofType' ? 1 : 0);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = ofTypeDepth(context, selection.selectionSet, onPath);
    } else if (!onPath.has(selection.name.value)) {
      const fragment = context.getFragment(selection.name.value);
      if (fragment) depth = ofTypeDepth(context, fragment.selectionSet, new Set([...onPath, selection.name.value]));
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

/**
 * Bounds `ofType` chains where introspection is allowed. graphql-js's own
 * MaxIntrospectionDepthRule (in its specified rules) bounds nested `fields`,
 * `interfaces` and `possibleTypes`, not `ofType`, and the depth limit leaves
 * introspection fields out: without this a 60-level chain is answered.
 */
export function introspectionDepthRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      if (ofTypeDepth(context, operation.selectionSet, new Set()) > MAX_OF_TYPE_DEPTH) {
        context.reportError(
          new GraphQLError(`Introspection may nest ofType at most ${MAX_OF_TYPE_DEPTH} deep.`, { nodes: [operation] }),
        );
      }
    },
  };
}

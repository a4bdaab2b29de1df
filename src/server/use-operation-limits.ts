import { EnvelopArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type ASTVisitor,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  /** Hide graphql-js's "Did you mean …" hints (they map the schema for a stranger). */
  hideSuggestions: boolean;
  /** Introspection (`__schema`, `__type`) allowed; off in production. */
  introspection: boolean;
}

/** The one field that writes: sending it twice in one operation would multiply upstream calls. */
const WRITE_FIELD = 'updateContact';

/**
 * Reports an armor rejection as an ordinary validation error. Thrown (armor's default),
 * it escapes graphql-js's validation and Yoga answers 200 without a code.
 */
const reportAsValidationError: GraphQLArmorRejectCallback = (context, error) => {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')));
};

function countWrites(context: ValidationContext, selectionSet: SelectionSetNode, seen: Set<string>): number {
  let writes = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === WRITE_FIELD) writes += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      writes += countWrites(context, selection.selectionSet, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) writes += countWrites(context, fragment.selectionSet, seen);
    }
  }
  return writes;
}

/** A validation rule: at most one `updateContact` per mutation, however aliased or spread. */
function singleWriteRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      if (operation.operation !== 'mutation') return;
      if (countWrites(context, operation.selectionSet, new Set()) > 1) {
        context.reportError(
          new GraphQLError(`An operation may hold at most one ${WRITE_FIELD}.`, { nodes: [operation] }),
        );
      }
    },
  };
}

/**
 * Bounds what one document may ask for before anything executes: depth, aliases,
 * tokens and directives (graphql-armor), one write per operation, and no field
 * suggestions or introspection when asked. All run while parsing or validating, so
 * they hold on every path into the GraphQL pipeline. Every refusal is a 400 with an `extensions.code`.
 */
export function useOperationLimits(limits: OperationLimits): Plugin[] {
  const callbacks = { propagateOnRejection: false, onReject: [reportAsValidationError], exposeLimits: true };
  const armor = new EnvelopArmor<YogaInitialContext>({
    maxDepth: { n: limits.maxDepth, ...callbacks },
    maxAliases: { n: limits.maxAliases, ...callbacks },
    maxDirectives: { n: limits.maxDirectives, ...callbacks },
    // The token limit runs while parsing; its thrown error is a parse error (400 GRAPHQL_PARSE_FAILED).
    maxTokens: { n: limits.maxTokens },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: limits.hideSuggestions },
  });
  return [
    ...armor.protect().plugins,
    {
      onValidate({ addValidationRule }) {
        addValidationRule(singleWriteRule);
        if (!limits.introspection) addValidationRule(NoSchemaIntrospectionCustomRule);
      },
    },
  ];
}

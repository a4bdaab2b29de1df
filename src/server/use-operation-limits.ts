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
import { introspectionDepthRule } from './introspection-depth.js';

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

/**
 * Reports an armor rejection as an ordinary validation error. Thrown (armor's default),
 * it escapes graphql-js's validation and Yoga answers 200 without a code.
 */
const reportAsValidationError: GraphQLArmorRejectCallback = (context, error) => {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')));
};

/**
 * The names of the writes selected on the mutation root: every field there is one (each sends to SFMC),
 * whatever its name or alias, however it is spread; `__typename` writes nothing.
 */
function writeNames(context: ValidationContext, selectionSet: SelectionSetNode, seen: Set<string>): string[] {
  const writes: string[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') writes.push(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      writes.push(...writeNames(context, selection.selectionSet, seen));
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) writes.push(...writeNames(context, fragment.selectionSet, seen));
    }
  }
  return writes;
}

/**
 * A validation rule: at most one write per mutation, however aliased or spread. Writing
 * twice in one operation would multiply upstream calls, and the second could not be undone
 * when the first failed.
 */
function singleWriteRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      if (operation.operation !== 'mutation') return;
      const names = writeNames(context, operation.selectionSet, new Set());
      if (names.length > 1) {
        const which = [...new Set(names)].join(' or ');
        context.reportError(
          new GraphQLError(`An operation may hold at most one ${which}: every Mutation field is a write.`, {
            nodes: [operation],
          }),
        );
      }
    },
  };
}

/**
 * Bounds what one document may ask for before anything executes: depth, aliases,
 * tokens and directives (graphql-armor), one write (Mutation field) per operation, and no field
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
        addValidationRule(limits.introspection ? introspectionDepthRule : NoSchemaIntrospectionCustomRule);
      },
    },
  ];
}

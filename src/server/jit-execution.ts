import { execute, GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { ERROR_CODES } from '../errors.js';
import type { Execute } from './execution.js';

type Compiled = CompiledQuery | null;

/**
 * graphql-js reports variables that do not fit the schema (a number for a String,
 * an object for an AttributeValue) as errors without a code or HTTP status, and with
 * no `data`: execution ended before it started. They are the caller's input errors,
 * so they get `BAD_USER_INPUT` and 400 like every other refused input.
 */
function withInputErrorCodes(result: ExecutionResult, hideSuggestions: boolean): ExecutionResult {
  if (result.data !== undefined || !result.errors) return result;
  const errors = result.errors.map((error) =>
    error.extensions.http !== undefined
      ? error
      : new GraphQLError(hideSuggestions ? withoutSuggestions(error.message) : error.message, {
          nodes: error.nodes,
          source: error.source,
          positions: error.positions,
          path: error.path,
          originalError: error.originalError,
          extensions: { code: 'BAD_USER_INPUT', ...error.extensions, http: { status: ERROR_CODES.BAD_USER_INPUT.status } },
        }),
  );
  return { ...result, errors };
}

/**
 * graphql-js's "Did you mean …?" hints name fields and enum values near what the caller sent:
 * graphql-armor hides them from validation errors, these come from coercing variables.
 */
const withoutSuggestions = (message: string) => message.replace(/ ?Did you mean [^?]*\?/g, '');

/**
 * Executes operations compiled by graphql-jit: variable coercion and resolver calls
 * become straight-line code per document, where graphql-js walks the schema for
 * every attribute value. Cached per parsed document (Yoga's parse cache hands back
 * the same one for the same text) and operation name.
 *
 * When the variables do not fit the schema, graphql-js runs the operation instead:
 * its errors name the variable and the path (`$input` at `input.contactKey`), and
 * become BAD_USER_INPUT with a 400 (graphql-jit's own lack both and would be 500s).
 * Either engine stops there before any resolver runs, so nothing is sent twice.
 * A document graphql-jit cannot compile runs on graphql-js.
 */
export function jitExecution(options: { hideSuggestions: boolean }): Execute {
  const cache = new WeakMap<DocumentNode, Map<string | undefined, Compiled>>();

  function compiled(args: ExecutionArgs): Compiled {
    const operationName = args.operationName ?? undefined;
    let byName = cache.get(args.document);
    if (byName === undefined) cache.set(args.document, (byName = new Map()));
    let query = byName.get(operationName);
    if (query === undefined) {
      const result = compileQuery(args.schema, args.document, operationName);
      query = isCompiledQuery(result) ? result : null;
      byName.set(operationName, query);
    }
    return query;
  }

  return async function run(args: ExecutionArgs): Promise<ExecutionResult> {
    const query = compiled(args);
    if (query !== null) {
      const result = (await query.query(args.rootValue, args.contextValue, args.variableValues)) as ExecutionResult;
      if (result.data !== undefined || result.errors === undefined) return result;
    }
    return withInputErrorCodes(await execute(args), options.hideSuggestions);
  };
}

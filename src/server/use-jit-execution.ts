import { execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';

type Compiled = CompiledQuery | null;

/**
 * Executes operations compiled by graphql-jit: variable coercion and resolver calls
 * become straight-line code per document, where graphql-js walks the schema for
 * every attribute value. Cached per parsed document (Yoga's parse cache hands back
 * the same one for the same text) and operation name.
 *
 * When the variables do not fit the schema, graphql-js runs the operation instead:
 * its errors name the variable and the path (`$input` at `input.contactKey`), and
 * carry the shape the input-error-code plugin turns into BAD_USER_INPUT and a 400.
 * Either engine stops there before any resolver runs, so nothing is sent twice.
 * A document graphql-jit cannot compile runs on graphql-js.
 */
export function useJitExecution(): Plugin {
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

  async function run(args: ExecutionArgs): Promise<ExecutionResult> {
    const query = compiled(args);
    if (query === null) return execute(args);
    const result = (await query.query(args.rootValue, args.contextValue, args.variableValues)) as ExecutionResult;
    return result.data === undefined && result.errors !== undefined ? execute(args) : result;
  }

  return { onExecute: ({ setExecuteFn }) => setExecuteFn(run as typeof execute) };
}

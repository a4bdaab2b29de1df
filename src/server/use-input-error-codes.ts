import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ERROR_CODES } from '../errors.js';

/**
 * graphql-js reports variables that do not fit the schema (a number for a String,
 * an object for an AttributeValue) as errors without a code or HTTP status. They are
 * the caller's input errors, so they get `BAD_USER_INPUT` and 400 like every other
 * refused input.
 * Such errors are the only ones that end execution before it starts: no `data`.
 */
export function useInputErrorCodes(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (!('errors' in result) || result.data !== undefined || !result.errors) return;
          setResult({
            ...result,
            errors: result.errors.map((error) =>
              error.extensions.http !== undefined
                ? error
                : new GraphQLError(error.message, {
                    nodes: error.nodes,
                    source: error.source,
                    positions: error.positions,
                    path: error.path,
                    originalError: error.originalError,
                    extensions: {
                      code: 'BAD_USER_INPUT',
                      ...error.extensions,
                      http: { status: ERROR_CODES.BAD_USER_INPUT.status },
                    },
                  }),
            ),
          });
        },
      };
    },
  };
}

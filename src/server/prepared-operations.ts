import { getOperationAST, type DocumentNode, type ExecutionResult, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { Execute } from './execution.js';
import { documentIdOf } from './use-trusted-documents.js';

/** How many documents are kept ready: as many as Yoga's parse cache keeps. */
const MAX_DOCUMENTS = 1000;

/** The body parameters Yoga reads; any other name is left to Yoga, which refuses it. */
const PARAMS: ReadonlySet<string> = new Set(['query', 'operationName', 'variables', 'extensions']);
const TRUSTED_PARAMS: ReadonlySet<string> = new Set(['documentId', 'operationName', 'variables', 'extensions']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A request's parameters as Yoga hands them to execution: the trusted document's text in `query`. */
export interface OperationParams {
  query: string;
  operationName?: string | null | undefined;
  variables?: Record<string, unknown> | null | undefined;
  extensions?: Record<string, unknown> | null | undefined;
}

/**
 * The parameters as Yoga's `onParams` hooks would leave them (trusted documents resolved),
 * for a body that none of them would refuse or change otherwise; undefined leaves the
 * request to Yoga, which answers every other body (and every refusal) itself.
 */
export function operationParams(body: unknown, trusted: Map<string, string> | undefined): OperationParams | undefined {
  if (!isObject(body)) return undefined;
  const names = trusted ? TRUSTED_PARAMS : PARAMS;
  for (const name of Object.keys(body)) if (!names.has(name)) return undefined;
  const { operationName, variables, extensions } = body;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (variables != null && !isObject(variables)) return undefined;
  if (extensions != null && !isObject(extensions)) return undefined;
  const id = trusted ? documentIdOf(body) : null;
  const query = trusted ? (id === null ? undefined : trusted.get(id)) : body.query;
  if (typeof query !== 'string') return undefined;
  return { query, operationName, variables, extensions } as OperationParams;
}

/**
 * The documents Yoga's pipeline has parsed and validated (every rule: the operation limits, one
 * write, introspection), by their text. Rules do not depend on the request, so a document that
 * passed once passes again: `plugin` records each one as validation passes, and the hot path
 * runs a known text without parsing and validating it again. Bounded: the oldest goes first.
 */
export class ValidatedDocuments {
  private readonly byText = new Map<string, DocumentNode>();

  get(text: string): DocumentNode | undefined {
    return this.byText.get(text);
  }

  readonly plugin: Plugin = {
    onValidate: ({ context, params }) => {
      const text = (context as Partial<YogaInitialContext>).params?.query;
      if (typeof text !== 'string' || this.byText.has(text)) return;
      return ({ valid }) => {
        if (!valid) return;
        if (this.byText.size >= MAX_DOCUMENTS) this.byText.delete(this.byText.keys().next().value!);
        this.byText.set(text, params.documentAST);
      };
    },
  };
}

export interface PreparedOperationsOptions {
  schema: GraphQLSchema;
  documents: ValidatedDocuments;
  trustedDocuments: Map<string, string> | undefined;
  /** The `onParams` work of every GraphQL request: a GraphQL slot, then the caller gate; throws the refusal. */
  admit(request: Request): Promise<void> | undefined;
  /** The `onParse` work: the operation named in the request's state. */
  noteOperation(payload: { context: YogaInitialContext; result: DocumentNode }): void;
  /** The GraphQL context, as Yoga's `context` option builds it. */
  context(initial: YogaInitialContext): Promise<object>;
  execute: Execute;
  /** Yoga's error masking, for each error of a result (a masked error stands among GraphQL errors, as in Yoga). */
  maskError(error: GraphQLError): GraphQLError;
}

export type RunPrepared = (
  body: unknown,
  request: Request,
  serverContext: Record<string, unknown>,
) => Promise<ExecutionResult> | undefined;

/**
 * A request for a document validated before runs the steps Yoga's pipeline would run for it,
 * in its order, without the pipeline's hook machinery (a large share of a request's garbage:
 * docs/performance.md): admission and the caller gate, the operation's name, the context, the
 * execution both doors share (`execution.ts`), and Yoga's masking of unexpected errors. Parsing and
 * validation are skipped because their answer for this text is known. Undefined: not prepared, Yoga runs it.
 */
export function preparedOperations(options: PreparedOperationsOptions): RunPrepared {
  const { schema, documents, trustedDocuments } = options;
  return (body, request, serverContext) => {
    const params = operationParams(body, trustedDocuments);
    const document = params && documents.get(params.query);
    if (!params || !document) return undefined;
    const type = getOperationAST(document, params.operationName)?.operation;
    if (type !== 'query' && type !== 'mutation') return undefined;
    return run(params, document, request, serverContext);
  };

  async function run(
    params: OperationParams,
    document: DocumentNode,
    request: Request,
    serverContext: Record<string, unknown>,
  ): Promise<ExecutionResult> {
    // Most requests are admitted at once (`CallerGate.check`): no promise to wait for then.
    const admitting = options.admit(request);
    if (admitting !== undefined) await admitting;
    const context = Object.assign(serverContext, { request, params }) as YogaInitialContext & Record<string, unknown>;
    options.noteOperation({ context, result: document });
    Object.assign(context, await options.context(context));
    const result = await options.execute({
      schema,
      document,
      contextValue: context,
      variableValues: params.variables,
      operationName: params.operationName,
    });
    if (!result.errors) return result;
    return { ...result, errors: result.errors.map(options.maskError) };
  }
}

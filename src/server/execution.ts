import type { execute, ExecutionArgs, ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** One operation's execution, as graphql-js's `execute` with a promise always. */
export type Execute = (args: ExecutionArgs) => Promise<ExecutionResult>;

/**
 * A concern around execution (a cap, an idempotency record, a count, a rule for the status):
 * given the execution inside it, it answers the execution with the concern applied. It may
 * answer without calling `next` (a refusal, a replay); then nothing inside it runs.
 */
export type ExecutionStep = (next: Execute) => Execute;

/**
 * The steps around `innermost`, the first outermost: the one execution both doors run.
 * Composed once, at start, so a request pays one call per step and no hook machinery:
 * envelop's execute hooks cost each request a few promise layers and closures apiece.
 */
export function composeExecution(steps: readonly ExecutionStep[], innermost: Execute): Execute {
  return steps.reduceRight<Execute>((next, step) => step(next), innermost);
}

/** Yoga's door into the same execution: envelop runs `run` in place of graphql-js's `execute`. */
export function useExecution(run: Execute): Plugin {
  return { onExecute: ({ setExecuteFn }) => setExecuteFn(run as typeof execute) };
}

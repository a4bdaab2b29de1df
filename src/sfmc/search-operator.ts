/**
 * How the contacts search selects many contact keys. SFMC does not document the attributes
 * search, nor that it takes `In` with many items; should it refuse `In`, the service asks with an
 * `Or` of `Equals` conditions in one call instead, and keeps doing so for the life of the process
 * (a tenant does not learn `In` between two requests). Process-wide on purpose: every request and
 * every client of the process talks to the same SFMC.
 */
export type KeyOperator = 'In' | 'Or';

let chosen: KeyOperator = 'In';
let fallbacks = 0;

export const searchOperator = {
  /** The operator searches use now. */
  get current(): KeyOperator {
    return chosen;
  },
  /** How many times a refused `In` was replaced by `Or` (at most once per process, unless forgotten). */
  get fallbacks(): number {
    return fallbacks;
  },
  /** SFMC refused `In` and answered `Or`: every later search asks with `Or`. */
  fallBack(): void {
    if (chosen === 'Or') return;
    chosen = 'Or';
    fallbacks += 1;
  },
  /** Back to `In`, for tests that start over. */
  forget(): void {
    chosen = 'In';
  },
};

import type { GraphQLError } from 'graphql';
import { serviceError } from '../errors.js';

/**
 * Whether the tenant's daily allowance of SFMC calls lets a request's optional reads go out
 * (SFMC_BUDGET_POLICY=refuse-reads). The ledger that keeps the count lives above the boundary
 * (`src/observability/sfmc-ledger.ts`); the source asks it before each read, synchronously,
 * so it answers from what it last knew. Writes and the reads that verify them never ask.
 */
export interface ReadAllowance {
  /** The refusal for a read now, or undefined when it may be sent. */
  refuseRead(): GraphQLError | undefined;
}

/** SFMC_BUDGET_SPENT: today's allowance is spent and the policy keeps it for writes; `resetAt` is midnight UTC. */
export function budgetSpentToday(limit: number, resetAt: string): GraphQLError {
  return serviceError(
    'SFMC_BUDGET_SPENT',
    `Today's allowance of ${limit} SFMC calls is spent: reads are refused until ${resetAt}, updates are still sent.`,
    { limit, resetAt },
  );
}

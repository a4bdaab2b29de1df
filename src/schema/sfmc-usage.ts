import { serviceError } from '../errors.js';
import type { SfmcUsage, UsagePeriod } from '../observability/sfmc-ledger.js';
import type { Builder } from './builder.js';

const remaining = ({ used, limit }: UsagePeriod) => (limit === undefined ? null : Math.max(0, limit - used));

/**
 * `Query.sfmcUsage`: the SFMC calls the tenant pays for, today and this month, against its allowance
 * (SFMC_CALL_ALLOWANCE), shaped like GitHub's `rateLimit { cost remaining resetAt }`. For admin callers,
 * and for everyone where authentication is off (as the subgraph SDL is). It makes no SFMC call.
 */
export function registerSfmcUsage(builder: Builder) {
  const Policy = builder.enumType('SfmcBudgetPolicy', {
    description: "What happens once today's SFMC call allowance is spent (SFMC_BUDGET_POLICY).",
    values: {
      SERVE_ALL: { value: 'serve-all', description: 'Nothing changes: every read and write is still sent.' },
      REFUSE_READS: {
        value: 'refuse-reads',
        description:
          'Reads are refused with SFMC_BUDGET_SPENT until the day ends; updates (and their read-backs) are still sent.',
      },
    } as const,
  });

  const Period = builder.objectRef<UsagePeriod>('SfmcUsagePeriod').implement({
    description: 'SFMC calls counted in one UTC period (a day or a month), by every instance that shares the state store.',
    fields: (t) => ({
      used: t.exposeInt('used', { description: 'SFMC calls made in the period so far, token requests and retries included.' }),
      limit: t.int({
        nullable: true,
        resolve: (p) => p.limit ?? null,
        description:
          'The allowance for the period (the daily budget, times the days of the month for a month); null without SFMC_CALL_ALLOWANCE.',
      }),
      remaining: t.int({
        nullable: true,
        resolve: remaining,
        description: 'Calls left in the period (never below zero); null without SFMC_CALL_ALLOWANCE.',
      }),
      startedAt: t.exposeString('startedAt', { description: 'When the period began (UTC), ISO 8601.' }),
      resetAt: t.exposeString('resetAt', { description: 'When the count starts again from zero (UTC), ISO 8601.' }),
    }),
  });

  const Projection = builder.objectRef<SfmcUsage>('SfmcUsageProjection').implement({
    description: 'Where the counts are heading if calls go on at the pace of the period so far.',
    fields: (t) => ({
      today: t.exposeInt('projectedToday', { description: 'SFMC calls by the end of today (UTC) at today’s pace.' }),
      thisMonth: t.exposeInt('projectedThisMonth', {
        description: 'SFMC calls by the end of the month (UTC) at this month’s pace.',
      }),
      withinAllowance: t.boolean({
        nullable: true,
        resolve: (u) => (u.thisMonth.limit === undefined ? null : u.projectedThisMonth <= u.thisMonth.limit),
        description: "Whether the month's projection stays within its allowance; null without SFMC_CALL_ALLOWANCE.",
      }),
    }),
  });

  const Usage = builder.objectRef<SfmcUsage & { cost: number; policy: string }>('SfmcUsage').implement({
    description:
      "The SFMC calls the tenant pays for, against its allowance (SFMC_CALL_ALLOWANCE). The top fields are today's, as GitHub's rateLimit shows its window.",
    fields: (t) => ({
      cost: t.exposeInt('cost', {
        description: 'SFMC calls this request made before this field was resolved; asking for the usage costs none.',
      }),
      used: t.int({ resolve: (u) => u.today.used, description: 'SFMC calls made today (UTC) so far.' }),
      limit: t.int({
        nullable: true,
        resolve: (u) => u.today.limit ?? null,
        description: "Today's budget: SFMC_CALL_ALLOWANCE per day, or a yearly one divided by 365; null when unset.",
      }),
      remaining: t.int({
        nullable: true,
        resolve: (u) => remaining(u.today),
        description: 'Calls left today (never below zero); null without SFMC_CALL_ALLOWANCE.',
      }),
      resetAt: t.string({
        resolve: (u) => u.today.resetAt,
        description: "When today's count resets: the next midnight UTC, ISO 8601.",
      }),
      today: t.field({ type: Period, resolve: (u) => u.today, description: 'Today (UTC).' }),
      thisMonth: t.field({ type: Period, resolve: (u) => u.thisMonth, description: 'This calendar month (UTC).' }),
      projection: t.field({ type: Projection, resolve: (u) => u, description: 'Today and this month at their pace so far.' }),
      policy: t.field({
        type: Policy,
        resolve: (u) => u.policy as 'serve-all' | 'refuse-reads',
        description: 'What happens once the allowance of a day is spent.',
      }),
    }),
  });

  builder.queryField('sfmcUsage', (t) =>
    t.field({
      type: Usage,
      description:
        'The SFMC calls used today and this month, what is left and the projection. Admin callers only (everyone where ' +
        'authentication is off): FORBIDDEN otherwise.',
      resolve: async (_root, _args, ctx) => {
        const { caller } = ctx;
        if (caller.kind === 'user' && !caller.admin) {
          throw serviceError('FORBIDDEN', 'The SFMC usage is shown to admin callers only.');
        }
        const cost = ctx.log.upstream.length;
        return { ...(await ctx.sfmcLedger.usage()), cost, policy: ctx.sfmcLedger.policy };
      },
    }),
  );
}

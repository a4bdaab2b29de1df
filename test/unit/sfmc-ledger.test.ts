import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { SfmcLedger, dailyBudget } from '../../src/observability/sfmc-ledger.js';
import type { SfmcUsageSettings } from '../../src/observability/settings.js';
import { MemoryStore } from '../../src/state/store.js';

/** `n` calls of one endpoint, as a request's trace lists them. */
const calls = (n: number) => Array.from({ length: n }, () => ({ endpoint: 'searchAttributes' as const }));

/** A ledger over a memory store at a clock the test moves; its warnings as parsed log lines. */
function ledgerAt(settings: SfmcUsageSettings, start: string) {
  let now = Date.parse(start);
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  const ledger = new SfmcLedger(settings, new MemoryStore(1_000, () => now), logger, () => now);
  return {
    ledger,
    warnings: () => lines.filter((l) => l.event === 'sfmc.allowance').map((l) => l.percent),
    at: (iso: string) => {
      now = Date.parse(iso);
    },
  };
}

describe('the SFMC call ledger', () => {
  it('turns a yearly allowance into a daily budget', () => {
    expect(dailyBudget({ calls: 2_000_000, per: 'year' })).toBe(5_479);
    expect(dailyBudget({ calls: 5_500, per: 'day' })).toBe(5_500);
  });

  it('reads SFMC_CALL_ALLOWANCE and SFMC_BUDGET_POLICY, and refuses what is neither', () => {
    expect(loadConfig({}).sfmcUsage).toEqual({ policy: 'serve-all' });
    expect(loadConfig({ SFMC_CALL_ALLOWANCE: '2000000/year', SFMC_BUDGET_POLICY: 'refuse-reads' }).sfmcUsage).toEqual({
      allowance: { calls: 2_000_000, per: 'year' },
      policy: 'refuse-reads',
    });
    expect(loadConfig({ SFMC_CALL_ALLOWANCE: '5500 / day' }).sfmcUsage.allowance).toEqual({ calls: 5_500, per: 'day' });
    for (const bad of ['5500', '5500/week', '-1/day', '0/day', '100/year', 'lots/day']) {
      expect(() => loadConfig({ SFMC_CALL_ALLOWANCE: bad })).toThrow(/SFMC_CALL_ALLOWANCE must be/);
    }
    expect(() => loadConfig({ SFMC_BUDGET_POLICY: 'refuse-all' })).toThrow(/SFMC_BUDGET_POLICY must be one of/);
    expect(loadConfig({ SFMC_BUDGET_POLICY: 'refuse-reads' }).warnings).toContain(
      'SFMC_BUDGET_POLICY=refuse-reads does nothing without SFMC_CALL_ALLOWANCE',
    );
  });

  it('counts per UTC day and per month, and projects at the pace so far', async () => {
    const { ledger, at } = ledgerAt({ policy: 'serve-all', allowance: { calls: 100, per: 'day' } }, '2026-04-30T12:00:00Z');
    await ledger.record(calls(30));
    expect(await ledger.usage()).toEqual({
      today: { startedAt: '2026-04-30T00:00:00.000Z', resetAt: '2026-05-01T00:00:00.000Z', used: 30, limit: 100 },
      thisMonth: { startedAt: '2026-04-01T00:00:00.000Z', resetAt: '2026-05-01T00:00:00.000Z', used: 30, limit: 3_000 },
      projectedToday: 60,
      projectedThisMonth: 31,
    });
    at('2026-05-01T06:00:00Z');
    await ledger.record(calls(5));
    const usage = await ledger.usage();
    expect(usage.today).toMatchObject({ used: 5, startedAt: '2026-05-01T00:00:00.000Z' });
    expect(usage.thisMonth).toMatchObject({ used: 5, limit: 3_100 });
    expect(usage.projectedToday).toBe(20);
    expect(await ledger.remainingToday()).toBe(95);
  });

  it('warns once at 80 % and once at 95 %, also when one request passes both, and again the next day', async () => {
    const { ledger, warnings, at } = ledgerAt(
      { policy: 'serve-all', allowance: { calls: 100, per: 'day' } },
      '2026-04-30T01:00:00Z',
    );
    await ledger.record(calls(79));
    expect(warnings()).toEqual([]);
    await ledger.record(calls(1));
    expect(warnings()).toEqual([80]);
    await ledger.record(calls(10));
    expect(warnings()).toEqual([80]);
    await ledger.record(calls(20));
    expect(warnings()).toEqual([80, 95]);
    at('2026-05-01T01:00:00Z');
    await ledger.record(calls(100));
    expect(warnings()).toEqual([80, 95, 80, 95]);
  });

  it('refuses reads on a spent day only with refuse-reads, and no more once the day is over', async () => {
    const allowance = { calls: 10, per: 'day' } as const;
    const served = ledgerAt({ policy: 'serve-all', allowance }, '2026-04-30T01:00:00Z');
    await served.ledger.record(calls(10));
    expect(served.ledger.refuseRead()).toBeUndefined();
    const strict = ledgerAt({ policy: 'refuse-reads', allowance }, '2026-04-30T01:00:00Z');
    await strict.ledger.record(calls(9));
    expect(strict.ledger.refuseRead()).toBeUndefined();
    await strict.ledger.record(calls(1));
    expect(strict.ledger.refuseRead()?.extensions).toMatchObject({
      code: 'SFMC_BUDGET_SPENT',
      limit: 10,
      resetAt: '2026-05-01T00:00:00.000Z',
    });
    strict.at('2026-05-01T00:00:00Z');
    expect(strict.ledger.refuseRead()).toBeUndefined();
    const unbudgeted = ledgerAt({ policy: 'refuse-reads' }, '2026-04-30T01:00:00Z');
    await unbudgeted.ledger.record(calls(1_000));
    expect(unbudgeted.ledger.refuseRead()).toBeUndefined();
    expect(await unbudgeted.ledger.remainingToday()).toBeUndefined();
  });

  it('keeps what this instance counted, by endpoint, beside the store', async () => {
    const { ledger } = ledgerAt({ policy: 'serve-all' }, '2026-04-30T12:00:00Z');
    expect(ledger.countedHere()).toEqual({ calls: 0, tokenRequests: 0, byEndpoint: {} });
    await ledger.record([{ endpoint: 'token' }, { endpoint: 'searchAttributes' }]);
    await ledger.record(calls(2));
    expect(ledger.countedHere()).toEqual({ calls: 4, tokenRequests: 1, byEndpoint: { token: 1, searchAttributes: 3 } });
  });
});

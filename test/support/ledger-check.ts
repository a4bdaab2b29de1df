import type { RecordedCall } from '../../src/emulator/index.js';
import { endpointAt, routeKey } from '../../src/emulator/routes.js';
import type { SfmcCallsCounted } from '../../src/observability/sfmc-ledger.js';

/**
 * Issue 19 §2 over the whole suite: every stack ends by holding the service's SFMC-call ledger to the
 * emulator's call log, call for call by endpoint (token requests included). The ledger is what the tenant is
 * told it spent; the emulator's log is what SFMC would bill.
 */

/** The emulator's log as the ledger counts it: calls by endpoint name (an unknown route by method and path). */
export function loggedByEndpoint(calls: readonly RecordedCall[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { method, path } of calls) {
    const pathname = path.split('?')[0] ?? path;
    const name = endpointAt(method, routeKey(pathname)) ?? `${method} ${pathname}`;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** Endpoints whose counts differ, as `name: ledger N, emulator M`. */
function differences(counted: Record<string, number>, logged: Record<string, number>): string[] {
  const names = [...new Set([...Object.keys(counted), ...Object.keys(logged)])].sort();
  return names
    .filter((name) => (counted[name] ?? 0) !== (logged[name] ?? 0))
    .map((name) => `${name}: ledger ${counted[name] ?? 0}, emulator ${logged[name] ?? 0}`);
}

/** Throws, naming each endpoint that differs, unless the ledger counted exactly the calls the emulator logged. */
export function assertLedgerMatchesLog(counted: SfmcCallsCounted, calls: readonly RecordedCall[]): void {
  const differ = differences(counted.byEndpoint, loggedByEndpoint(calls));
  if (differ.length === 0) return;
  throw new Error(
    `The SFMC-call ledger differs from the emulator's call log (ledger ${counted.calls} calls, ${counted.tokenRequests} ` +
      `token requests; emulator ${calls.length} calls): ${differ.join('; ')}. If this stack makes calls the service ` +
      `cannot see, say so with StackOptions.ledgerCheck (test/support/stack.ts).`,
  );
}

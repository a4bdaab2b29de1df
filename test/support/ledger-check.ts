import type { RecordedCall } from '../../src/emulator/index.js';
import { endpointAt, routeKey } from '../../src/emulator/routes.js';
import type { SfmcCallsCounted } from '../../src/observability/sfmc-ledger.js';

/**
 * Issue 19 §2 over the whole suite: every stack ends by holding the service's SFMC-call ledger to its
 * emulator's call log, call for call by endpoint (token requests included). The ledger is what the tenant is
 * told it spent; the emulator's log is what SFMC would bill. The log is the whole of it (tests empty
 * `emulator.calls` between cases), less the calls the test made itself through `emulator-calls.ts`.
 */

type Call = Pick<RecordedCall, 'method' | 'path'>;

/** Calls tests sent to a watched emulator themselves, by the emulator's URL. */
const sentByTests = new Map<string, Call[]>();

/** Notes a call a test sent to the emulator at `url` itself (nothing when no stack watches that emulator). */
export function noteTestCall(url: string, method: string, path: string): void {
  // The emulator's own routes (`/__emulator/…`) are not SFMC's: it does not log them.
  if (path.startsWith('/__emulator/')) return;
  sentByTests.get(url)?.push({ method: method.toUpperCase(), path });
}

/** The emulator's log as the ledger counts it: calls by endpoint name (an unknown route by method and path). */
export function byEndpoint(calls: readonly Call[]): Record<string, number> {
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

/** One stack's check: every call its emulator logs, from its start. */
export class LedgerCheck {
  private readonly logged: RecordedCall[] = [];
  private url: string | undefined;

  /** For `EmulatorOptions.onCall`. */
  readonly onCall = (call: RecordedCall): void => {
    this.logged.push(call);
  };

  /** From now on, calls tests send to the emulator at `url` themselves are left out of its log. */
  watch(url: string): void {
    this.url = url;
    sentByTests.set(url, []);
  }

  /** Throws, naming each endpoint that differs, unless the ledger counted exactly the calls the service made. */
  assertMatches(counted: SfmcCallsCounted): void {
    const byTests = this.url === undefined ? [] : (sentByTests.get(this.url) ?? []);
    if (this.url !== undefined) sentByTests.delete(this.url);
    const logged = byEndpoint(this.logged);
    for (const [name, n] of Object.entries(byEndpoint(byTests))) logged[name] = (logged[name] ?? 0) - n;
    const differ = differences(counted.byEndpoint, logged);
    if (differ.length === 0) return;
    throw new Error(
      `The SFMC-call ledger differs from the emulator's call log (ledger ${counted.calls} calls, ` +
        `${counted.tokenRequests} token requests; emulator ${this.logged.length} calls, ${byTests.length} of them ` +
        `sent by the test): ${differ.join('; ')}. A stack whose emulator logs calls the service cannot see says why ` +
        'in StackOptions.ledgerExempt (test/support/stack.ts).',
    );
  }
}

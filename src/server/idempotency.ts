import { setTimeout as sleep } from 'node:timers/promises';
import { getOperationAST, print, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { YogaInitialContext } from 'graphql-yoga';
import { serviceError, type ErrorCode } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { IdempotencyResult, Metrics } from '../observability/metrics.js';
import { addResponseHeader } from '../observability/request-state.js';
import type { RequestContext } from '../schema/index.js';
import type { StateStore } from '../state/store.js';
import {
  IDEMPOTENCY_KEY_HEADER,
  REPLAYED_HEADER,
  batchItemsKey,
  callerScope,
  decodeBatchItems,
  decodeRecord,
  documentHash,
  encodeRecord,
  fingerprint,
  parseIdempotencyKey,
  recordKey,
  unsettledKey,
  type IdempotencyRecord,
  type IdempotencySettings,
} from './idempotency-record.js';
import type { Execute, ExecutionStep } from './execution.js';

/** A store call that takes longer counts as the store being unavailable: a request never hangs on it. */
const STORE_TIMEOUT_MS = 500;
/** Polling while another request holds the key: from 10 ms, doubling, at most 100 ms apart. */
const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 100;

export interface IdempotencyOptions {
  store: StateStore;
  settings: IdempotencySettings;
  logger: Logger;
  metrics?: Metrics | undefined;
}

type Context = RequestContext & YogaInitialContext;

/** A store call failed or timed out. */
const UNAVAILABLE = Symbol('store unavailable');

/** Whether a result is a final answer worth replaying: data, no errors (thrown errors are decided again on a resend). */
function isReplayable(result: ExecutionResult): result is ExecutionResult & { data: NonNullable<ExecutionResult['data']> } {
  return result.data !== null && result.data !== undefined && (result.errors?.length ?? 0) === 0;
}

/**
 * `Idempotency-Key` on mutations (the IETF httpapi draft's semantics), a step of the execution
 * both doors run (`execution.ts`: Yoga and the JSON POST hot path):
 *
 * - The record is scoped to the caller (the verified subject; one shared scope with caller
 *   authentication off) and the key, and holds the request's fingerprint (document,
 *   operation name, variables). The first request claims the key with an in-flight marker
 *   (`setIfAbsent`) and runs; its final answer (OK, FAIL, INVALID: any result with data and
 *   no errors) is stored for IDEMPOTENCY_TTL_SECONDS.
 * - The same key with the same fingerprint: a stored answer is replayed as it was, with
 *   `Idempotent-Replayed: true`, and nothing is sent to SFMC; one still in flight is waited
 *   for (polling the store) up to IDEMPOTENCY_WAIT_MS, then IDEMPOTENCY_KEY_IN_FLIGHT (409).
 *   Another fingerprint: IDEMPOTENCY_KEY_REUSED (422).
 * - An UNKNOWN outcome is not final: the key is released, and a marker makes the resend
 *   read the contact back first and send the update only when its values are not there.
 *   A batch (`updateContacts`) with an UNKNOWN or NOT_SENT item is not final either: its items
 *   are kept beside the marker, and the resend sends only the items not final (`update-batch.ts`).
 *   Errors (nothing processed, refused input) release the key too: a resend runs again.
 * - A query's key is ignored (reads are safe to repeat). A malformed key: IDEMPOTENCY_KEY_INVALID.
 * - Any failure of the store (an error or a call over 500 ms) degrades to "not checked":
 *   the request runs as without a key, logged once (`idempotency.unchecked`) and counted.
 */
export function idempotency({ store, settings, logger, metrics }: IdempotencyOptions): ExecutionStep {
  const documents = new WeakMap<DocumentNode, string>();
  const count = (result: IdempotencyResult) => metrics?.observeIdempotency(result);
  const refusal = (code: ErrorCode, message: string): ExecutionResult => ({ errors: [serviceError(code, message)] });

  function hashOf(document: DocumentNode): string {
    let hash = documents.get(document);
    // Yoga's parse cache hands back the same document for the same text: printed and hashed once.
    if (hash === undefined) documents.set(document, (hash = documentHash(print(document))));
    return hash;
  }

  /** One mutation's run under its key. */
  async function keyed(execute: Execute, args: ExecutionArgs, key: string): Promise<ExecutionResult> {
    const context = args.contextValue as Context;
    const record = recordKey(callerScope(context.caller), key);
    const fp = fingerprint(hashOf(args.document), args.operationName, args.variableValues);
    let warned = false;
    /** The store's answer, or UNAVAILABLE (logged once per request, counted once). */
    const call = async <T>(work: () => Promise<T>): Promise<T | typeof UNAVAILABLE> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        // The memory store answers at once: no timer for it on every call.
        if (store.kind === 'memory') return await work();
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${STORE_TIMEOUT_MS} ms`)), STORE_TIMEOUT_MS);
        });
        return await Promise.race([work(), timeout]);
      } catch (error) {
        if (!warned) {
          warned = true;
          count('unchecked');
          logger.log('warn', 'idempotency.unchecked', {
            requestId: context.requestId,
            store: store.kind,
            message: `The state store failed (${error instanceof Error ? error.message : String(error)}): the Idempotency-Key is not checked.`,
          });
        }
        return UNAVAILABLE;
      } finally {
        clearTimeout(timer);
      }
    };

    const waitUntil = performance.now() + settings.waitMs;
    let pause = FIRST_POLL_MS;
    for (;;) {
      const claim = encodeRecord({ state: 'in-flight', fingerprint: fp });
      const claimed = await call(() => store.setIfAbsent(record, claim, settings.inFlightMs));
      if (claimed === UNAVAILABLE) return execute(args);
      if (claimed) return run(execute, args, record, fp, call);
      const stored = await call(() => store.get(record));
      if (stored === UNAVAILABLE) return execute(args);
      // Absent: the holder released the key (or it expired) since; claim it again.
      const found = stored === undefined ? undefined : decodeRecord(stored);
      if (stored !== undefined && found === undefined) {
        await call(() => Promise.reject(new Error('it holds a record this version cannot read')));
        return execute(args);
      }
      if (found && found.fingerprint !== fp) {
        count('reused');
        return refusal(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used for another request (another operation or other variables); use a new key for a new submission.',
        );
      }
      if (found?.state === 'done') return replay(context, found);
      const left = waitUntil - performance.now();
      if (left <= 0) {
        count('in_flight');
        return refusal(
          'IDEMPOTENCY_KEY_IN_FLIGHT',
          'A request with this Idempotency-Key is still being processed; send it again shortly for its answer.',
        );
      }
      await sleep(Math.min(pause, left));
      pause = Math.min(pause * 2, MAX_POLL_MS);
    }
  }

  function replay(context: Context, record: Extract<IdempotencyRecord, { state: 'done' }>): ExecutionResult {
    count('replayed');
    addResponseHeader(context.request, REPLAYED_HEADER, 'true');
    if (record.outcome !== undefined) context.log.outcome = record.outcome;
    return record.result as ExecutionResult;
  }

  /** Runs the mutation holding the key, then stores its final answer or releases the key. */
  async function run(
    execute: Execute,
    args: ExecutionArgs,
    record: string,
    fp: string,
    call: <T>(work: () => Promise<T>) => Promise<T | typeof UNAVAILABLE>,
  ): Promise<ExecutionResult> {
    const context = args.contextValue as Context;
    const unsettled = await call(() => store.get(unsettledKey(record)));
    if (unsettled !== undefined && unsettled !== UNAVAILABLE) {
      if (unsettled !== fp) {
        await call(() => store.delete(record));
        count('reused');
        return refusal(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used for another request (another operation or other variables); use a new key for a new submission.',
        );
      }
      // The last attempt's outcome was UNKNOWN: it may have been applied, so look before sending again.
      context.contacts.verifyBeforeSending = true;
      // A batch's: its final items are answered as they were, its UNKNOWN ones read back first.
      const items = await call(() => store.get(batchItemsKey(record)));
      const decoded = typeof items === 'string' ? decodeBatchItems(items) : undefined;
      if (decoded !== undefined) context.updates.resumeFrom(decoded);
    }
    count('executed');
    let result: ExecutionResult;
    try {
      result = await execute(args);
    } catch (error) {
      await call(() => store.delete(record));
      throw error;
    }
    if (context.contacts.unsettled || context.updates.unsettled) {
      const items = context.updates.items;
      if (items !== undefined) await call(() => store.set(batchItemsKey(record), JSON.stringify(items), settings.ttlMs));
      // The marker first: whoever claims the key next must find it.
      await call(() => store.set(unsettledKey(record), fp, settings.ttlMs));
      await call(() => store.delete(record));
    } else if (isReplayable(result)) {
      const done = encodeRecord({ state: 'done', fingerprint: fp, outcome: context.log.outcome, result: { data: result.data } });
      const stored = await call(() => store.set(record, done, settings.ttlMs));
      if (stored === UNAVAILABLE) await call(() => store.delete(record));
      else if (unsettled !== undefined) {
        await call(() => store.delete(unsettledKey(record)));
        await call(() => store.delete(batchItemsKey(record)));
      }
    } else {
      await call(() => store.delete(record));
    }
    return result;
  }

  return (execute) => (args) => {
    const context = args.contextValue as Context;
    const header = context.request.headers.get(IDEMPOTENCY_KEY_HEADER);
    if (header === null) return execute(args);
    if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return execute(args);
    const key = parseIdempotencyKey(header);
    if (key !== undefined) return keyed(execute, args, key);
    count('invalid');
    return Promise.resolve(
      refusal(
        'IDEMPOTENCY_KEY_INVALID',
        'The Idempotency-Key header must hold 1 to 255 printable ASCII characters, no quotes or backslashes.',
      ),
    );
  };
}

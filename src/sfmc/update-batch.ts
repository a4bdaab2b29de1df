import type { PatchBody } from '../translate/patch-body.js';
import { notSent, refusedUpdate, type OperationStatus, type UpdateContactResult } from '../translate/update-result.js';
import type { SfmcClient } from './client.js';
import type { ContactsSource } from './contacts-source.js';
import { SfmcError } from './sfmc-error.js';

/** Updates one `updateContacts` request takes: SFMC's guideline for a synchronous batch. */
export const MAX_UPDATES_PER_BATCH = 50;

/** One input of a batch, checked: the body to send, or its answer already (INVALID, nothing to send). */
export type PreparedUpdate = { body: PatchBody } | { result: UpdateContactResult };

/** Outcomes a resend under the same Idempotency-Key answers as they were, without sending again. */
const FINAL: ReadonlySet<OperationStatus> = new Set(['OK', 'FAIL', 'INVALID']);

/** Whether a batch item's outcome is final: not UNKNOWN, not NOT_SENT. */
export const isFinal = (item: UpdateContactResult): boolean => FINAL.has(item.operationStatus);

/**
 * The updates of one `updateContacts` request, one PATCH per contact through the request's
 * ContactsSource (its budget, its read-back of a lost answer) and the client's bulkhead. SFMC
 * has no atomic batch: each contact ends on its own.
 *
 * - At most half of SFMC_MAX_CONCURRENCY of a batch's PATCHes are in flight at once, so that
 *   one batch leaves the other half of the bulkhead to every other caller.
 * - After UPSTREAM_AUTH_FAILED, or a failure while the circuit breaker is open, nothing more is
 *   sent: the rest are NOT_SENT (retryable), as is each update SFMC provably did not process.
 * - Resumed from an earlier attempt under the same Idempotency-Key (`resumeFrom`), final
 *   items are answered as they were and not sent; an UNKNOWN one is read back before sending.
 */
export class UpdateBatch {
  private previous: readonly UpdateContactResult[] | undefined;
  private last: UpdateContactResult[] | undefined;

  constructor(
    private readonly contacts: ContactsSource,
    private readonly sfmc: SfmcClient,
    private readonly requestId: string,
  ) {}

  /** A batch's PATCHes in flight at once: half the client's bulkhead, at least one. */
  get inFlight(): number {
    return Math.max(1, Math.floor(this.sfmc.maxConcurrency / 2));
  }

  /** The items of the earlier attempt with this request's Idempotency-Key, in input order. */
  resumeFrom(items: readonly UpdateContactResult[]): void {
    this.previous = items;
  }

  /** The items of the batch run in this request, in input order; undefined when none ran. */
  get items(): readonly UpdateContactResult[] | undefined {
    return this.last;
  }

  /** Whether an item of this request's batch is not final (UNKNOWN, NOT_SENT): a resend may still settle it. */
  get unsettled(): boolean {
    return this.last?.some((item) => !isFinal(item)) ?? false;
  }

  /** Sends every prepared body, `inFlight` at a time, and answers an outcome per input, in input order. */
  async run(prepared: readonly PreparedUpdate[]): Promise<UpdateContactResult[]> {
    const results: UpdateContactResult[] = new Array<UpdateContactResult>(prepared.length);
    const before = this.contacts.callsMade;
    let stop: SfmcError | undefined;
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < prepared.length; index = next++) {
        results[index] = await this.one(prepared[index] as PreparedUpdate, this.previous?.[index], stop, (error) => {
          stop ??= error;
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.inFlight, prepared.length) }, worker));
    // The writes are never refused; the payload's contacts (one read per 50) are read after them.
    this.contacts.exemptFromBudget(this.contacts.callsMade - before);
    this.last = results;
    return results;
  }

  private async one(
    item: PreparedUpdate,
    previous: UpdateContactResult | undefined,
    stop: SfmcError | undefined,
    stopAfter: (error: SfmcError) => void,
  ): Promise<UpdateContactResult> {
    if ('result' in item) return item.result;
    if (previous !== undefined && isFinal(previous)) return previous;
    const contactKey = item.body.contactKey ?? null;
    if (stop !== undefined) {
      return notSent(this.requestId, contactKey, stop.failure, `Not sent: an earlier update of the batch ended ${stop.failure}.`);
    }
    try {
      return await this.contacts.updateContact(item.body, previous?.operationStatus === 'UNKNOWN');
    } catch (error) {
      if (!(error instanceof SfmcError)) throw error;
      if (error.failure === 'UPSTREAM_REJECTED') return refusedUpdate(this.requestId, contactKey, error.failure, error.message);
      if (error.failure === 'UPSTREAM_AUTH_FAILED' || this.sfmc.breakerState() === 'open') stopAfter(error);
      return notSent(this.requestId, contactKey, error.failure, error.message);
    }
  }
}

import {
  operationRequestBody,
  operationState,
  readOperationRequest,
  type ContactOperationKind,
  type OperationState,
} from '../translate/contact-operation.js';
import type { CallOptions, SfmcClient } from './client.js';
import type { ContactsSource } from './contacts-source.js';
import type { RestEndpointName } from './endpoints.js';
import { SfmcError } from './sfmc-error.js';

/** How a delete or restrict request ended: queued (with SFMC's operation id), refused, or unknown. */
export type OperationRequestResult =
  | { outcome: 'OK'; operationId: string; requestServiceMessageId: string | null }
  | { outcome: 'FAIL'; messages: string[]; requestServiceMessageId: string | null }
  | { outcome: 'UNKNOWN'; why: string };

const REQUEST: Record<ContactOperationKind, RestEndpointName> = { DELETE: 'deleteContacts', RESTRICT: 'restrictContacts' };
const STATUS: Record<ContactOperationKind, RestEndpointName> = {
  DELETE: 'deleteOperationStatus',
  RESTRICT: 'restrictOperationStatus',
};

/** SFMC's gateway status for an operation id it does not know (the emulator's guess: Object Not Found). */
const NOT_FOUND = 404;

/**
 * Deletion and restriction operations for one GraphQL request, over the SFMC client. Calls count
 * against the request's budget through its ContactsSource: a request is a write (always sent), a
 * status read is a read. A request is never resent after an ambiguous failure (the endpoint
 * table's `if-not-processed`): it would queue a second operation.
 */
export class ContactOperationsSource {
  /** Status reads of this request, one per operation: every field of one ContactOperation shares it. */
  private readonly states = new Map<string, Promise<OperationState | null>>();

  constructor(
    private readonly sfmc: SfmcClient,
    private readonly contacts: ContactsSource,
    private readonly options: CallOptions,
  ) {}

  /** Sends one delete or restrict request for these keys. Rejects with an SfmcError when SFMC provably did not process it. */
  async request(kind: ContactOperationKind, contactKeys: readonly string[]): Promise<OperationRequestResult> {
    this.contacts.countWrite();
    let answer: unknown;
    try {
      answer = await this.sfmc.call(REQUEST[kind], { body: operationRequestBody(kind, contactKeys) }, this.options);
    } catch (error) {
      if (!(error instanceof SfmcError) || error.failure !== 'OUTCOME_UNKNOWN') throw error;
      return { outcome: 'UNKNOWN', why: error.message };
    } finally {
      // Whatever happened, a read of these contacts (this request's, or the read cache's) may be stale.
      await Promise.all(contactKeys.map((key) => this.contacts.invalidateContact(key)));
    }
    const read = readOperationRequest(answer);
    const { requestServiceMessageId } = read;
    return read.initiated
      ? { outcome: 'OK', operationId: read.operationId, requestServiceMessageId }
      : { outcome: 'FAIL', messages: read.messages, requestServiceMessageId };
  }

  /** The operation's status from SFMC's status route; null when SFMC has no such operation. */
  state(kind: ContactOperationKind, operationId: string): Promise<OperationState | null> {
    const key = `${kind}:${operationId}`;
    let state = this.states.get(key);
    if (state === undefined) {
      state = this.readState(kind, operationId);
      this.states.set(key, state);
    }
    return state;
  }

  private async readState(kind: ContactOperationKind, operationId: string): Promise<OperationState | null> {
    this.contacts.spendOnRead();
    let answer: unknown;
    try {
      answer = await this.sfmc.call(STATUS[kind], { params: { operationID: operationId } }, this.options);
    } catch (error) {
      if (error instanceof SfmcError && error.failure === 'UPSTREAM_REJECTED' && error.details.status === NOT_FOUND) return null;
      throw error;
    }
    const state = operationState(kind, answer);
    if (state?.undocumented !== undefined) {
      // The request's log line carries it: an undocumented value is news about SFMC worth reading.
      const call = this.options.trace?.findLast((c) => c.endpoint === STATUS[kind]);
      if (call) call.note = `SFMC reported an undocumented operation status (${state.undocumented}); read as ${state.status}`;
    }
    return state;
  }
}

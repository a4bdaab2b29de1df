import DataLoader from 'dataloader';
import { unknownConsentOutcome } from '../translate/consent-result.js';
import {
  numbersSent,
  readSmsSubscriptions,
  smsSubscriptionsBody,
  toSmsOptInResult,
  type SmsOptInBody,
  type SmsOptInResult,
  type SmsSubscription,
} from '../translate/sms-consent.js';
import {
  preferencesSearchBody,
  preferencesUpdateBody,
  readBackTracking,
  readPreferences,
  toTrackingResult,
  type TrackingOptOutInput,
  type TrackingOptOutResult,
} from '../translate/tracking-preferences.js';
import type { CallOptions, SfmcClient } from './client.js';
import { CONTACTS_PER_CALL, type ContactsSource } from './contacts-source.js';
import { SfmcError } from './sfmc-error.js';

/** Subscriber keys per SMS subscriptions call: SFMC's limit. */
export const SMS_KEYS_PER_CALL = 500;
/** Contact ids per preferences search: SFMC documents none, so its guideline for synchronous batches. */
export const PREFERENCES_PER_CALL = CONTACTS_PER_CALL;

/**
 * Consent as one GraphQL request sees it: tracking opt-out (by contact id, which the contact's
 * attributes search read) and SMS subscriptions (by contact key), each batched by a DataLoader into
 * one SFMC call per kind for every contact the request touches, and the two consent writes. It
 * spends the request's ContactsSource budget, so consent reads count like contact reads.
 */
export class ConsentSource {
  private optOuts: DataLoader<string, boolean | null> | undefined;
  private subscriptions: DataLoader<string, SmsSubscription[]> | undefined;

  constructor(
    private readonly contacts: ContactsSource,
    private readonly sfmc: SfmcClient,
    private readonly requestId: string,
    private readonly options: CallOptions,
  ) {}

  /** Whether the contact opted out of tracking; null when SFMC answers nothing for its id. */
  trackingOptOut(contactId: string): Promise<boolean | null> {
    this.optOuts ??= new DataLoader((ids) => this.searchPreferences(ids), { maxBatchSize: PREFERENCES_PER_CALL });
    return this.optOuts.load(contactId);
  }

  /** The contact's SMS subscriptions (subscriber key = contact key). */
  smsSubscriptions(contactKey: string): Promise<SmsSubscription[]> {
    this.subscriptions ??= new DataLoader((keys) => this.searchSubscriptions(keys), { maxBatchSize: SMS_KEYS_PER_CALL });
    return this.subscriptions.load(contactKey);
  }

  /**
   * Sets the contact's tracking opt-out. Its id comes from the attributes search (a read; never
   * `establish`, which would create a contact for an unknown key); null when there is no such
   * contact, and nothing is written. A lost answer is read back: the value sent held is OK
   * (READ_BACK), anything else stays UNKNOWN. Rejects with an SfmcError when SFMC provably did not process it.
   */
  async setTrackingOptOut(input: TrackingOptOutInput): Promise<TrackingOptOutResult | null> {
    const contact = await this.contacts.contact(input.contactKey, new Set());
    if (contact === null || contact.contactId === null) return null;
    const sent = { contactKey: input.contactKey, contactId: contact.contactId, optOut: input.optOut };
    let result: TrackingOptOutResult;
    try {
      this.contacts.countWrite();
      const answer = await this.sfmc.call(
        'updatePreferences',
        { body: preferencesUpdateBody(sent.contactId, sent.optOut) },
        this.options,
      );
      result = toTrackingResult(answer, sent, this.requestId);
    } catch (error) {
      if (!(error instanceof SfmcError) || error.failure !== 'OUTCOME_UNKNOWN') throw error;
      result = { ...unknownConsentOutcome(this.requestId, error.message), contactKey: sent.contactKey, trackingOptOut: null };
    }
    // A read of this preference earlier in the request is stale now.
    this.optOuts?.clear(sent.contactId);
    if (result.operationStatus !== 'UNKNOWN') return result;
    return this.noteUnknown(readBackTracking(result, await this.readBack(sent.contactId), sent.optOut));
  }

  /** Queues the double opt-in's keyword for the number; a lost answer is UNKNOWN (nothing shows a pending opt-in to read back). */
  async requestSmsOptIn(body: SmsOptInBody): Promise<SmsOptInResult> {
    try {
      this.contacts.countWrite();
      const answer = await this.sfmc.call('queueSmsMo', { body }, this.options);
      return this.noteUnknown(toSmsOptInResult(answer, numbersSent(body), this.requestId));
    } catch (error) {
      if (!(error instanceof SfmcError) || error.failure !== 'OUTCOME_UNKNOWN') throw error;
      return this.noteUnknown({ ...unknownConsentOutcome(this.requestId, error.message), results: [] });
    }
  }

  /** An UNKNOWN outcome leaves the request unsettled (see `ContactsSource.countUnknownOutcome`). */
  private noteUnknown<T extends { operationStatus: string }>(result: T): T {
    if (result.operationStatus === 'UNKNOWN') this.contacts.countUnknownOutcome();
    return result;
  }

  /** The preference as SFMC holds it after a lost answer; part of the write: counted, never refused. */
  private async readBack(contactId: string): Promise<boolean | undefined> {
    try {
      this.contacts.countWrite();
      const answer = await this.sfmc.call('searchPreferences', { body: preferencesSearchBody([contactId]) }, this.options);
      return readPreferences(answer).get(contactId);
    } catch (error) {
      if (!(error instanceof SfmcError)) throw error;
      return undefined;
    }
  }

  private async searchPreferences(contactIds: readonly string[]): Promise<(boolean | null)[]> {
    this.contacts.spendOnRead();
    const answer = await this.sfmc.call('searchPreferences', { body: preferencesSearchBody(contactIds) }, this.options);
    const held = readPreferences(answer);
    return contactIds.map((id) => held.get(id) ?? null);
  }

  private async searchSubscriptions(keys: readonly string[]): Promise<SmsSubscription[][]> {
    const found = await this.subscriptionsOf(keys);
    if (found !== 'unattributed') return keys.map((key) => found.get(key) ?? []);
    // SFMC did not say whose each row is: one key per call tells them apart.
    return Promise.all(
      keys.map(async (key) => {
        const one = await this.subscriptionsOf([key]);
        return one === 'unattributed' ? [] : (one.get(key) ?? []);
      }),
    );
  }

  private async subscriptionsOf(keys: readonly string[]) {
    this.contacts.spendOnRead();
    const answer = await this.sfmc.call('searchSmsSubscriptions', { body: smsSubscriptionsBody(keys) }, this.options);
    return readSmsSubscriptions(answer, keys);
  }
}

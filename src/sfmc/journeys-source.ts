import DataLoader from 'dataloader';
import type { FireEventBody, FireEventsBody } from '../translate/journey-entry.js';
import { membershipBody, readMemberships, type JourneyMembership } from '../translate/journey-result.js';
import type { CallOptions, SfmcClient } from './client.js';
import type { ContactsSource } from './contacts-source.js';

/** SFMC's limit of contact keys per membership request. */
export const MEMBERSHIP_KEYS_PER_CALL = 50;

/**
 * Journeys as one GraphQL request sees them: entry (one contact, or up to 100 queued) and the
 * journeys contacts are in, batched by a DataLoader into one membership call per 50 keys. Every call
 * counts against the request's budget through its ContactsSource (reads are refused past it,
 * writes never). SFMC failures are SfmcErrors; the schema decides what each means.
 */
export class JourneysSource {
  private memberships: DataLoader<string, JourneyMembership[]> | undefined;

  constructor(
    private readonly contacts: ContactsSource,
    private readonly sfmc: SfmcClient,
    private readonly options: CallOptions,
  ) {}

  /** `POST /interaction/v1/events`: SFMC's 201 answer. */
  fireEvent(body: FireEventBody): Promise<unknown> {
    this.contacts.countWrite();
    return this.sfmc.call('fireEvent', { body }, this.options);
  }

  /** `POST /interaction/v1/async/events`: SFMC's answer, members in the order sent. */
  fireEvents(body: FireEventsBody): Promise<unknown> {
    this.contacts.countWrite();
    return this.sfmc.call('fireEvents', { body }, this.options);
  }

  /** The journeys a contact is in; none when SFMC does not know the key. */
  journeyMemberships(contactKey: string): Promise<JourneyMembership[]> {
    this.memberships ??= new DataLoader((keys) => this.readMemberships(keys), { maxBatchSize: MEMBERSHIP_KEYS_PER_CALL });
    return this.memberships.load(contactKey);
  }

  private async readMemberships(keys: readonly string[]): Promise<JourneyMembership[][]> {
    this.contacts.spendOnRead();
    const answer = await this.sfmc.call('contactMembership', { body: membershipBody(keys) }, this.options);
    return readMemberships(answer, keys);
  }
}

import { randomUUID } from 'node:crypto';
import { isJsonObject } from '../json-object.js';
import { invalidDataType, invalidValue, missingRequiredField } from './gateway-errors.js';
import type { JsonReply } from './http-json.js';
import { array, parseJsonBody, Refusal, string } from './json-request.js';
import { localDateTime } from './local-time.js';
import type { SmsSubscriberKeys } from './types.js';

/**
 * MobileConnect: `POST /sms/v1/contacts/subscriptions` (the subscriptions of up to 500 numbers
 * or subscriber keys) and `POST /sms/v1/queueMO` (an inbound message replayed, up to 250 numbers,
 * answered 202). A keyword queued from a web form is a double opt-in: it stays pending until the
 * person confirms by SMS (`confirmSmsOptIns`, or `POST /__emulator/sms-confirmations`).
 */

export interface StoredSubscription {
  subscriberKey: string;
  mobileNumber: string;
  shortCode: string;
  keyword: string;
  optInDate: Date;
}

type PendingOptIn = Omit<StoredSubscription, 'optInDate'>;

const MAX_LOOKUP = 500;
const MAX_QUEUED = 250;
const MOBILE_NUMBER = /^[0-9]{8,15}$/;

export class SmsStore {
  private readonly subscriptions: StoredSubscription[] = [];
  private readonly pending: PendingOptIn[] = [];

  /** Subscribes a number (a confirmed opt-in); an existing subscription to the same keyword stays as it is. */
  subscribe(optIn: PendingOptIn, at: Date = new Date()): void {
    const same = (s: StoredSubscription) =>
      s.mobileNumber === optIn.mobileNumber &&
      s.shortCode === optIn.shortCode &&
      s.keyword.toUpperCase() === optIn.keyword.toUpperCase();
    if (!this.subscriptions.some(same)) this.subscriptions.push({ ...optIn, optInDate: at });
  }

  queue(optIn: PendingOptIn): void {
    this.pending.push(optIn);
  }

  /** Every pending opt-in is confirmed (its person texted back); answers how many. */
  confirmPending(): number {
    const confirmed = this.pending.splice(0);
    for (const optIn of confirmed) this.subscribe(optIn);
    return confirmed.length;
  }

  find(by: 'subscriberKey' | 'mobileNumber', values: readonly string[]): StoredSubscription[] {
    const wanted = new Set(values);
    return this.subscriptions.filter((s) => wanted.has(s[by]));
  }

  clear(): void {
    this.subscriptions.length = 0;
    this.pending.length = 0;
  }
}

function readLookup(body: unknown): { by: 'subscriberKey' | 'mobileNumber'; values: string[] } {
  if (!isJsonObject(body)) throw new Refusal(missingRequiredField());
  const by = body.subscriberKey !== undefined ? 'subscriberKey' : body.mobileNumber !== undefined ? 'mobileNumber' : undefined;
  if (by === undefined) throw new Refusal(missingRequiredField());
  const values = array(body[by], invalidDataType).map((v) => string(v, invalidDataType));
  if (values.length === 0) throw new Refusal(missingRequiredField());
  if (values.length > MAX_LOOKUP) throw new Refusal(invalidValue());
  return { by, values };
}

/** The subscriptions of the numbers or keys asked for; `keys` says whether each row names its subscriber key. */
export function searchSmsSubscriptions(store: SmsStore, bodyText: string, keys: SmsSubscriberKeys): JsonReply {
  const parsed = parseJsonBody(bodyText, readLookup);
  if (!parsed.ok) return parsed.reply;
  const createDate = localDateTime(new Date());
  const contacts = store.find(parsed.value.by, parsed.value.values).map((s) => ({
    ...(keys === 'echo' ? { subscriberKey: s.subscriberKey } : {}),
    mobileNumber: s.mobileNumber,
    shortCode: s.shortCode,
    keyword: s.keyword,
    optInDate: `${localDateTime(s.optInDate)}.0000000`,
  }));
  return { status: 200, body: { count: String(contacts.length), createDate, completeDate: localDateTime(new Date()), contacts } };
}

interface QueuedMessage {
  shortCode: string;
  messageText: string;
  /** Each number with the subscriber key sent with it (else the number itself, as MobileConnect keys it). */
  numbers: { mobileNumber: string; subscriberKey: string }[];
}

function readQueueMo(body: unknown): QueuedMessage {
  if (!isJsonObject(body)) throw new Refusal(missingRequiredField());
  const shortCode = string(body.shortCode ?? missing(), invalidDataType);
  const messageText = string(body.messageText ?? missing(), invalidDataType);
  const numbers =
    body.subscribers !== undefined
      ? array(body.subscribers, invalidDataType).map((s) => {
          if (!isJsonObject(s)) throw new Refusal(invalidDataType());
          const mobileNumber = string(s.mobilenumber ?? s.mobileNumber ?? missing(), invalidDataType);
          const key = s.subscriberkey ?? s.subscriberKey;
          return { mobileNumber, subscriberKey: key === undefined ? mobileNumber : string(key, invalidDataType) };
        })
      : array(body.mobileNumbers ?? missing(), invalidDataType).map((n) => {
          const mobileNumber = string(n, invalidDataType);
          return { mobileNumber, subscriberKey: mobileNumber };
        });
  if (numbers.length === 0 || shortCode === '' || messageText.trim() === '') throw new Refusal(missingRequiredField());
  // Numbers of the wrong length refuse the whole request (undocumented; a guess).
  if (numbers.length > MAX_QUEUED || numbers.some((n) => !MOBILE_NUMBER.test(n.mobileNumber))) throw new Refusal(invalidValue());
  return { shortCode, messageText, numbers };
}

function missing(): never {
  throw new Refusal(missingRequiredField());
}

/** Queues the keyword for each number: a pending opt-in, confirmed later by the person. */
export function queueMo(store: SmsStore, bodyText: string): JsonReply {
  const parsed = parseJsonBody(bodyText, readQueueMo);
  if (!parsed.ok) return parsed.reply;
  const { shortCode, messageText, numbers } = parsed.value;
  const results = numbers.map(({ mobileNumber, subscriberKey }) => {
    store.queue({ mobileNumber, subscriberKey, shortCode, keyword: messageText.trim() });
    return { identifier: randomUUID(), mobileNumber, result: 'OK' };
  });
  return { status: 202, body: { results } };
}

/** The demo contact's subscription, as SFMC's example shows one (keyword `SINGLE_OPTIN`, short code 55555). */
export function seedDemoSubscription(store: SmsStore): void {
  const subscription = {
    subscriberKey: 'acruz@example.com',
    mobileNumber: '15555555555',
    shortCode: '55555',
    keyword: 'SINGLE_OPTIN',
  };
  store.subscribe(subscription, new Date(2013, 11, 30, 14, 10, 32));
}

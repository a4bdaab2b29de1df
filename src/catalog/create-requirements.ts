/**
 * SFMC's rules for creating a contact (`POST /contacts/v1/contacts`), as its create page
 * states them, in one table keyed by SFMC's attribute set names. The service's pure
 * translation (`src/translate/create-rules.ts`) turns a breach into a user error at its
 * input path; the emulator turns it into SFMC's FAIL answer. Names compare without case,
 * as SFMC's do. A rule about a set the tenant's model lacks never fires: nobody can send it.
 */

export interface CreateRequirement {
  /** SFMC's attribute set name. */
  set: string;
  /** Whether it gives the contact a channel (an address SFMC can send to): a create needs at least one. */
  channel: boolean;
  /** The sets that must be sent with it. */
  withSets: readonly string[];
  /** The attributes each of its rows must give a value (a row's key is required by every write already). */
  withAttributes: readonly string[];
}

export const CREATE_REQUIREMENTS: readonly CreateRequirement[] = [
  { set: 'Email Addresses', channel: true, withSets: [], withAttributes: ['HTML Enabled'] },
  { set: 'Email Demographics', channel: false, withSets: ['Email Addresses'], withAttributes: [] },
  { set: 'MobileConnect Demographics', channel: true, withSets: [], withAttributes: ['Locale'] },
  { set: 'MobilePush Demographics', channel: true, withSets: [], withAttributes: ['Application'] },
  // LINE is one channel of two sets: an address and its subscription.
  { set: 'GroupConnect LINE Addresses', channel: true, withSets: ['GroupConnect LINE Subscriptions'], withAttributes: [] },
  { set: 'GroupConnect LINE Subscriptions', channel: true, withSets: ['GroupConnect LINE Addresses'], withAttributes: [] },
  {
    set: 'GroupConnect LINE Demographics',
    channel: false,
    withSets: ['GroupConnect LINE Addresses', 'GroupConnect LINE Subscriptions'],
    withAttributes: [],
  },
];

/** The sets a create body carries, in SFMC's shape (the service's PATCH body and the emulator's parsed request alike). */
export interface CreateSet {
  name: string;
  items: readonly { values: readonly { name: string; value: unknown }[] }[];
}

/** One rule a create body breaks; `set` and `item` are indexes into the body. */
export type CreateBreach =
  | { rule: 'channel'; channels: readonly string[] }
  | { rule: 'with-set'; set: number; needs: string }
  | { rule: 'with-attribute'; set: number; item: number; needs: string }
  | { rule: 'one-item'; set: number; item: number };

const fold = (name: string) => name.toLowerCase();

const BY_SET = new Map(CREATE_REQUIREMENTS.map((r) => [fold(r.set), r]));

/**
 * Every rule of `CREATE_REQUIREMENTS` the sets break, in body order, the missing channel
 * first. `known(set, attribute?)`: whether the tenant's model has that set (and attribute); a
 * channel it lacks is not named, and a set or attribute it lacks is never required.
 */
export function createBreaches(
  sets: readonly CreateSet[],
  known: (set: string, attribute?: string) => boolean = () => true,
): CreateBreach[] {
  const breaches: CreateBreach[] = [];
  const given = new Set(sets.map((s) => fold(s.name)));
  if (!sets.some((s) => BY_SET.get(fold(s.name))?.channel === true)) {
    const channels = CREATE_REQUIREMENTS.filter((r) => r.channel && known(r.set)).map((r) => r.set);
    breaches.push({ rule: 'channel', channels });
  }
  for (const [set, { name, items }] of sets.entries()) {
    for (let item = 1; item < items.length; item += 1) breaches.push({ rule: 'one-item', set, item });
    const requirement = BY_SET.get(fold(name));
    if (requirement === undefined) continue;
    for (const needs of requirement.withSets) {
      if (!given.has(fold(needs)) && known(needs)) breaches.push({ rule: 'with-set', set, needs });
    }
    for (const [item, { values }] of items.entries()) {
      for (const needs of requirement.withAttributes) {
        if (!known(name, needs)) continue;
        const value = values.find((v) => fold(v.name) === fold(needs))?.value;
        if (value === undefined || value === null || value === '') breaches.push({ rule: 'with-attribute', set, item, needs });
      }
    }
  }
  return breaches;
}

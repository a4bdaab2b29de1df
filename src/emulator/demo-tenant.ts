import type { Catalog } from '../catalog/index.js';
import { readSnapshot, type TenantModel } from '../catalog/tenant-model.js';
import demoExtras from './demo-tenant.json' with { type: 'json' };
import type { ContactStore } from './store.js';

/**
 * The emulated demo tenant: the model it is given plus what a real tenant adds on its
 * own (`demo-tenant.json`, a snapshot like any other). The extras let tests and the
 * GraphiQL example exercise attributes and groups the shipped schema does not type,
 * which the GraphQL layer reaches through `extraAttributes` and `attributeSets`.
 */
const EXTRAS: TenantModel = readSnapshot(demoExtras);

const same = (a: { name: string }, b: { name: string }) => a.name.toLowerCase() === b.name.toLowerCase();

/** `base` with the demo tenant's extras: their attributes added to groups `base` has, their other groups and events appended. */
export function demoTenantModel(base: TenantModel): TenantModel {
  const groups = base.groups.map((group) => {
    const extra = EXTRAS.groups.find((g) => same(g, group));
    if (!extra) return group;
    return {
      ...group,
      attributes: [...group.attributes, ...extra.attributes.filter((a) => !group.attributes.some((b) => same(a, b)))],
    };
  });
  const events = [...(base.events ?? [])];
  for (const extra of EXTRAS.events ?? [])
    if (!events.some((e) => e.key.toLowerCase() === extra.key.toLowerCase())) events.push(extra);
  return { groups: [...groups, ...EXTRAS.groups.filter((extra) => !base.groups.some((g) => same(g, extra)))], events };
}

/** The contact of SFMC's example request, so the seed PATCH succeeds against a fresh emulator. */
export function seedDemoContacts(store: ContactStore, model: Catalog): void {
  // Created at the local time of SFMC's email search example, so the search answers as documented.
  const contact = store.add('acruz@example.com', 12345678, new Date(2014, 10, 15, 11, 51));
  const emailAddresses = model.findGroup('Email Addresses');
  if (emailAddresses) {
    store.mergeRow(contact, emailAddresses, { 'Email Address': 'acruz@example.com', 'HTML Enabled': false });
  }
}

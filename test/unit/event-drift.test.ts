import { describe, expect, it } from 'vitest';
import {
  catalogFromModel,
  createCatalog,
  resolveModel,
  standardModel,
  type ModelEvent,
  type TenantModel,
} from '../../src/catalog/index.js';
import { driftLines, findDrift } from '../../src/datamodel/drift.js';
import { buildSchema } from '../../src/schema/index.js';

/** `datamodel:check` tells how an allowed event drifted, with the schema changes it makes. */

const welcome = (fields: ModelEvent['fields'], extra: Partial<ModelEvent> = {}): ModelEvent => ({
  name: 'Welcome Series',
  key: 'WelcomeSeries-Event',
  description: '',
  allowed: true,
  fields,
  ...extra,
});
const model = (events: ModelEvent[]): TenantModel => resolveModel({ groups: standardModel.groups, events });
const side = (m: TenantModel) => ({ model: m, sdl: buildSchema(createCatalog(catalogFromModel(m))).sdl });

describe('event drift', () => {
  const before = model([
    welcome([
      { name: 'EmailAddress', dataType: 'Email', nullable: false, primaryKey: false },
      { name: 'FirstName', dataType: 'Text', length: 50, nullable: true, primaryKey: false },
      { name: 'Points', dataType: 'Number', nullable: true, primaryKey: false },
    ]),
  ]);

  it('reports narrowed, removed and required-added fields of an allowed event as breaking, with their schema changes', () => {
    const after = model([
      welcome([
        { name: 'EmailAddress', dataType: 'Email', nullable: false, primaryKey: false },
        { name: 'FirstName', dataType: 'Text', length: 20, nullable: true, primaryKey: false },
        { name: 'Consent', dataType: 'Text', nullable: false, primaryKey: false },
      ]),
    ]);
    const drift = findDrift(side(before), side(after));
    expect(drift.breaking).toBe(true);
    expect(drift.unexplained).toEqual([]);
    expect(drift.changes.map((c) => [c.severity, c.where, c.cause])).toEqual([
      ['breaking', 'event "Welcome Series".FirstName', 'length 50 → 20'],
      ['breaking', 'event "Welcome Series".Points', 'field removed'],
      ['breaking', 'event "Welcome Series".Consent', 'field added: consent (required)'],
    ]);
    expect(driftLines(drift).join('\n')).toMatch(/schema: .*WelcomeSeriesEventData\.points was removed/);
  });

  it('reports an event no longer allowed as breaking, a newly allowed one as safe, and ignores events not allowed', () => {
    const notAllowed = model([welcome(before.events![0]!.fields, { allowed: false })]);
    const removed = findDrift(side(before), side(notAllowed));
    expect(removed.changes.map((c) => [c.severity, c.cause])).toEqual([['breaking', 'no longer allowed']]);
    expect(removed.unexplained).toEqual([]);
    const added = findDrift(side(notAllowed), side(before));
    expect(added.changes.map((c) => [c.severity, c.cause])).toEqual([['safe', 'allowed: welcomeSeries']]);
    expect(added.breaking).toBe(false);
  });
});

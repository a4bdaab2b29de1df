import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeSnapshot, standardModel, type TenantModel } from '../../src/catalog/index.js';
import { runDatamodelPull } from '../../src/cli/configured-pull.js';
import { pullEventDefinitions } from '../../src/datamodel/pull.js';
import { demoTenantModel, startEmulator } from '../../src/emulator/index.js';
import { SfmcClient } from '../../src/sfmc/client.js';
import { UPSTREAM } from '../support/stack.js';

/**
 * `npm run datamodel:pull` reads the tenant's API event definitions into the snapshot's events section,
 * none allowed; a reviewer's `"allowed": true` and the names survive the next pull, and only then does
 * the schema offer enterJourney.
 */

const dir = mkdtempSync(join(tmpdir(), 'datamodel-events-'));
const served = join(dir, 'tenant.json');
const quiet = () => undefined;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pull = (snapshot: string) =>
  runDatamodelPull({
    env: { EMULATOR_DATA_MODEL: served },
    snapshotFile: join(dir, `${snapshot}.json`),
    schemaFile: join(dir, `${snapshot}.graphql`),
    log: quiet,
  });

const snapshotOf = (name: string) =>
  JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { events: Record<string, unknown>[] };

describe('datamodel:pull and event definitions', () => {
  const tenant: TenantModel = demoTenantModel(standardModel);

  it('reads every event definition across pages', async () => {
    const emulator = await startEmulator({ dataModel: tenant, seedContacts: false });
    const sfmc = new SfmcClient({
      authUrl: emulator.url,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      ...UPSTREAM,
    });
    try {
      const items = await pullEventDefinitions(sfmc, 1);
      expect(items).toHaveLength(2);
      expect(emulator.callCount('GET', '/interaction/v1/eventDefinitions')).toBe(2);
    } finally {
      await sfmc.close();
      await emulator.close();
    }
  });

  it('writes the API events with none allowed, keeps an allowed flag and names on the next pull, and types the allowed one', async () => {
    writeFileSync(served, serializeSnapshot(tenant));
    const first = await pull('first');
    expect(first).toMatchObject({ events: 2, allowedEvents: 0 });
    const events = snapshotOf('first').events;
    expect(events.map((e) => [e.key, e.allowed, e.graphqlName])).toEqual([
      ['WelcomeSeries-Event', false, 'welcomeSeries'],
      ['PreferenceChange-Event', false, 'preferenceChange'],
    ]);
    expect(readFileSync(join(dir, 'first.graphql'), 'utf8')).not.toMatch(/enterJourney/);

    // A reviewer allows one event; the tenant then adds an event whose name clashes with it.
    const reviewed = snapshotOf('first');
    reviewed.events[0]!.allowed = true;
    writeFileSync(join(dir, 'second.json'), JSON.stringify(reviewed));
    writeFileSync(
      served,
      serializeSnapshot({
        ...tenant,
        events: [
          { name: 'Welcome-Series', key: 'Other-Welcome', description: '', allowed: false, fields: [] },
          ...tenant.events!,
        ],
      }),
    );
    const second = await pull('second');
    expect(second).toMatchObject({ events: 3, allowedEvents: 1 });
    expect(snapshotOf('second').events.map((e) => [e.key, e.allowed, e.graphqlName])).toEqual([
      ['Other-Welcome', false, 'welcomeSeries_2'],
      ['WelcomeSeries-Event', true, 'welcomeSeries'],
      ['PreferenceChange-Event', false, 'preferenceChange'],
    ]);
    const schema = readFileSync(join(dir, 'second.graphql'), 'utf8');
    expect(schema).toMatch(/enterJourney\(/);
    expect(schema).toMatch(/input WelcomeSeriesEventData/);
    expect(schema).toMatch(/emailAddress: String!/);
    expect(schema).not.toMatch(/PreferenceChangeEventData/);
  });
});

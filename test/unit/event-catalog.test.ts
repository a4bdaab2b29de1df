import { readFileSync } from 'node:fs';
import { coerceInputValue, type GraphQLInputObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  catalogFromModel,
  createCatalog,
  mergePrevious,
  readModelJson,
  resolveModel,
  serializeSnapshot,
  standardCatalog,
  standardModel,
  type ModelEvent,
  type TenantModel,
} from '../../src/catalog/index.js';
import { enumValueOf, eventFieldType, resolveEvents } from '../../src/catalog/event-catalog.js';
import { eventsFromDefinitions } from '../../src/catalog/event-model.js';
import { buildSchema } from '../../src/schema/index.js';
import { translateEventData } from '../../src/translate/journey-entry.js';

/**
 * Event definitions -> the allow-listed events' typed inputs. The capture is sfmc-devtools' mock of
 * `GET /interaction/v1/eventDefinitions` (Accenture/sfmc-devtools, MIT,
 * test/resources/9999999/interaction/v1/eventDefinitions/get-response.json; LICENSE beside it).
 */
const CAPTURE: { items: unknown[] } = JSON.parse(
  readFileSync(new URL('../fixtures/sfmc-devtools-event-definitions.json', import.meta.url), 'utf8'),
);

const allowed = (events: ModelEvent[], ...keys: string[]) => events.map((e) => ({ ...e, allowed: keys.includes(e.key) }));
const withEvents = (events: ModelEvent[]): TenantModel => ({ groups: standardModel.groups, events });

const event = (name: string, key: string, fields: ModelEvent['fields'] = [], extra: Partial<ModelEvent> = {}): ModelEvent => ({
  name,
  key,
  description: '',
  allowed: true,
  fields,
  ...extra,
});

describe('the sfmc-devtools capture of testExisting_event', () => {
  const events = eventsFromDefinitions(CAPTURE.items);
  const testExisting = events.find((e) => e.key === 'testExisting_event')!;

  it('keeps the API events only (not the data extension and automation audiences)', () => {
    expect(CAPTURE.items).toHaveLength(5);
    expect(events.map((e) => e.key)).toEqual(['APIEvent-60130566-e2fe-eb29-4140-15c27093a80b', 'testExisting_event']);
  });

  it('reads all of its fields: 26 (the issue said 27; the capture holds 26), 4 of them required', () => {
    expect(testExisting.fields).toHaveLength(26);
    expect(testExisting.fields.filter((f) => !f.nullable).map((f) => f.name)).toEqual([
      'ContactId',
      'Type',
      'Status',
      'ArticleOrTaskID',
    ]);
    expect(testExisting.fields.find((f) => f.name === 'Description')).toEqual({
      name: 'Description',
      dataType: 'Text',
      length: 4000,
      nullable: true,
      primaryKey: false,
    });
    // SFMC writes an empty maxLength for types without one.
    expect(testExisting.fields.find((f) => f.name === 'Email')).toEqual({
      name: 'Email',
      dataType: 'Email',
      nullable: true,
      primaryKey: false,
    });
  });

  it('becomes a typed input, and a filled-in entry of it a valid one with SFMC names', () => {
    const catalog = createCatalog(catalogFromModel(withEvents(allowed(events, 'testExisting_event'))));
    expect(catalog.events).toHaveLength(1);
    const typed = catalog.events[0]!;
    expect(typed).toMatchObject({
      graphqlName: 'testExistingEvent',
      enumValue: 'TEST_EXISTING_EVENT',
      inputTypeName: 'TestExistingEventEventData',
    });
    const { schema } = buildSchema(catalog);
    const input = schema.getType('TestExistingEventEventData') as GraphQLInputObjectType;
    const fields = input.getFields();
    expect(Object.keys(fields)).toHaveLength(26);
    // contactId is a name the schema keeps for itself, as for attributes: the field takes the suffix.
    expect(String(fields.contactId_2?.type)).toBe('String!');
    expect(String(fields.points?.type)).toBe('Int');
    expect(String(fields.email?.type)).toBe('String');
    expect(String(fields.startDate?.type)).toBe('String');

    const entry = {
      testExistingEvent: {
        contactId_2: '0031x00000AbCdEfGh',
        type: 'Task',
        status: 'Open',
        articleOrTaskId: 'T-1',
        respondent: 'acruz@example.com',
        firstName: 'Angela',
        startDate: '2024-07-05',
        email: 'acruz@example.com',
        points: 12,
      },
    };
    const data = coerceInputValue(entry, schema.getType('JourneyEventData') as GraphQLInputObjectType);
    const translated = translateEventData(typed, catalog, data as never, ['input', 'data']);
    expect(translated.problems).toEqual([]);
    expect(translated.data).toEqual({
      ContactId: '0031x00000AbCdEfGh',
      Type: 'Task',
      Status: 'Open',
      ArticleOrTaskID: 'T-1',
      Respondent: 'acruz@example.com',
      FirstName: 'Angela',
      StartDate: '2024-07-05',
      Email: 'acruz@example.com',
      Points: 12,
    });
    expect(() =>
      coerceInputValue({ testExistingEvent: { type: 'Task' } }, schema.getType('JourneyEventData') as GraphQLInputObjectType),
    ).toThrow(/required/);
  });
});

describe('event data validation', () => {
  const catalog = createCatalog(
    catalogFromModel(
      withEvents([
        event('Welcome', 'Welcome-Key', [
          { name: 'EmailAddress', dataType: 'Email', nullable: false, primaryKey: false },
          { name: 'FirstName', dataType: 'Text', length: 5, nullable: true, primaryKey: false },
          { name: 'Signup Date', dataType: 'Date', nullable: true, primaryKey: false },
        ]),
        event('Change', 'Change-Key', [{ name: 'Topic', dataType: 'Text', nullable: true, primaryKey: false }]),
      ]),
    ),
  );
  const [welcome] = catalog.events;

  it("reports every problem at its path: a bad email, a too-long text, an unreal date, another event's data", () => {
    const { problems } = translateEventData(
      welcome!,
      catalog,
      { welcome: { emailAddress: 'nope', firstName: 'Angela', signupDate: '2024-02-30' }, change: { topic: 'x' } },
      ['input', 'data'],
    );
    expect(problems.map((p) => [p.field.join('.'), p.code])).toEqual([
      ['input.data.change', 'WRONG_EVENT'],
      ['input.data.welcome.emailAddress', 'INVALID_FORMAT'],
      ['input.data.welcome.firstName', 'TOO_LONG'],
      ['input.data.welcome.signupDate', 'INVALID_DATE'],
    ]);
  });

  it("refuses data without the event's own field as REQUIRED", () => {
    const { problems } = translateEventData(welcome!, catalog, { change: { topic: 'x' } }, ['input', 'data']);
    expect(problems.map((p) => p.code)).toEqual(['WRONG_EVENT', 'REQUIRED']);
  });

  it('maps SFMC event types to the attribute rules, and names enum values in capitals', () => {
    expect(['Text', 'Number', 'Decimal', 'Date', 'Email', 'Phone', 'Boolean', 'Locale', 'Mystery'].map(eventFieldType)).toEqual([
      'Text',
      'Number',
      'Decimal',
      'Date',
      'EmailAddress',
      'Phone',
      'Boolean',
      'Text',
      'Text',
    ]);
    expect(['welcomeSeries', 'welcomeSeries_2', '_2ndChance'].map(enumValueOf)).toEqual([
      'WELCOME_SERIES',
      'WELCOME_SERIES_2',
      '_2ND_CHANCE',
    ]);
  });
});

describe('event names and the allow-list across pulls', () => {
  it("keeps an existing event's name when a clashing one arrives: the new one takes the suffix", () => {
    const first = resolveModel(withEvents([event('Welcome', 'w-1', [], { allowed: false, id: 'id-1' })]));
    expect(first.events?.[0]?.graphqlName).toBe('welcome');
    const pulled = withEvents([
      event('Welcome!', 'w-2', [], { allowed: false, id: 'id-2' }),
      event('Welcome', 'w-1', [], { allowed: false, id: 'id-1' }),
    ]);
    const second = resolveModel(mergePrevious(pulled, { ...first, events: first.events!.map((e) => ({ ...e, allowed: true })) }));
    expect(second.events?.map((e) => [e.key, e.graphqlName, e.allowed])).toEqual([
      ['w-2', 'welcome_2', false],
      ['w-1', 'welcome', true],
    ]);
  });

  it("never names an event's data type after a group's types, nor a reserved type", () => {
    // A group "Loyalty Event Data" holds the types LoyaltyEventData and LoyaltyEventDataInput.
    expect(resolveEvents([event('Loyalty', 'k', [])], ['LoyaltyEventData'])[0]?.graphqlName).toBe('loyalty_2');
    // "journey" would make JourneyEventData, the schema's own input.
    expect(resolveEvents([event('Journey', 'k', [])])[0]?.graphqlName).toBe('journey_2');
  });

  it('writes the events section (allowed flags, names) and reads it back', () => {
    const model = resolveModel(withEvents(allowed(eventsFromDefinitions(CAPTURE.items), 'testExisting_event')));
    const text = serializeSnapshot(model);
    const again = readModelJson(JSON.parse(text));
    expect(again.events).toEqual(model.events);
    expect(JSON.parse(text).events[1]).toMatchObject({
      key: 'testExisting_event',
      allowed: true,
      graphqlName: 'testExistingEvent',
    });
    expect(serializeSnapshot(again)).toBe(text);
  });

  it('offers no journey mutation while no event is allowed', () => {
    const none = buildSchema(createCatalog(catalogFromModel(withEvents(eventsFromDefinitions(CAPTURE.items))))).schema;
    expect(none.getMutationType()?.getFields().enterJourney).toBeUndefined();
    expect(buildSchema(standardCatalog).schema.getType('Contact')?.toString()).toBe('Contact');
  });
});

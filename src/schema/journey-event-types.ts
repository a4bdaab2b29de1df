import type { Catalog, CatalogEvent, CatalogEventField } from '../catalog/index.js';
import type { JourneyEventDataInput } from '../translate/journey-entry.js';
import type { Builder } from './builder.js';

const scalarOf = (field: CatalogEventField) =>
  field.dataType === 'Number'
    ? 'Int'
    : field.dataType === 'Decimal'
      ? 'Float'
      : field.dataType === 'Boolean'
        ? 'Boolean'
        : 'String';

/**
 * `JourneyEvent` (the allowed events) and `JourneyEventData` (one optional field per allowed event,
 * typed `<Name>EventData` after the event's fields): what enterJourney and enterJourneys take.
 */
export function registerJourneyEventTypes(builder: Builder, catalog: Catalog) {
  const JourneyEvent = builder.enumType('JourneyEvent', {
    description: 'The API events frontends may fire ("allowed": true in the tenant model), each entering its journeys.',
    values: Object.fromEntries(
      catalog.events.map((e) => [
        e.enumValue,
        { value: e.key, description: `"${e.sfmcName}" (event definition key "${e.key}").` },
      ]),
    ),
  });

  const eventData = (event: CatalogEvent) =>
    builder.inputRef<Record<string, unknown>>(event.inputTypeName).implement({
      description: event.description,
      fields: (t) =>
        Object.fromEntries(
          event.fields.map((f) => [
            f.graphqlName,
            t.field({ type: scalarOf(f), required: f.required, description: f.description }),
          ]),
        ),
    });

  const JourneyEventData = builder.inputRef<JourneyEventDataInput>('JourneyEventData').implement({
    description:
      "The data of one event: give exactly the field of the input's `event` (one field per allowed event, as GraphQL " +
      'has no input unions); another is refused (WRONG_EVENT).',
    fields: (t) =>
      Object.fromEntries(catalog.events.map((e) => [e.graphqlName, t.field({ type: eventData(e), description: e.description })])),
  });

  return { JourneyEvent, JourneyEventData };
}

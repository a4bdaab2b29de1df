import type { ModelEvent, ModelEventField } from './event-model.js';
import { assignFieldNames, eventDataTypeName } from './naming.js';
import type { CatalogEvent, CatalogEventField, SfmcDataType } from './types.js';

/**
 * Event definitions -> the events frontends may fire: names, typed fields, descriptions. Names
 * follow the attribute groups' rules (`naming.ts`): a name the snapshot holds is kept while it is
 * usable and free, so a new event never renames an existing event's input; a clashing new one
 * takes `_2`. Every event is named, allowed or not, so allowing one later renames nothing either.
 */

/** SFMC's event field types, read with the attribute type whose rules fit them. */
const DATA_TYPE_OF: Record<string, SfmcDataType> = {
  text: 'Text',
  locale: 'Text',
  number: 'Number',
  decimal: 'Decimal',
  date: 'Date',
  email: 'EmailAddress',
  emailaddress: 'EmailAddress',
  phone: 'Phone',
  boolean: 'Boolean',
};

/** The attribute type an event field's value is checked as; an unknown type reads as Text. */
export const eventFieldType = (dataType: string): SfmcDataType => DATA_TYPE_OF[dataType.toLowerCase()] ?? 'Text';

/** `welcomeSeries_2` -> WELCOME_SERIES_2: GraphQL's convention for enum values (`_2nd` keeps its underscore). */
export const enumValueOf = (graphqlName: string): string => graphqlName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/** The events with their names decided; `takenTypes`: the type names the groups hold. */
export function resolveEvents(events: readonly ModelEvent[], takenTypes: Iterable<string> = []): ModelEvent[] {
  const names = assignFieldNames(
    events.map((e) => ({ sfmcName: e.name, key: e.key, preferred: e.graphqlName })),
    'event',
    takenTypes,
  );
  return events.map((event, i) => {
    const fieldNames = assignFieldNames(
      event.fields.map((f) => ({ sfmcName: f.name, key: f.name, preferred: f.graphqlName })),
      'attribute',
    );
    return { ...event, graphqlName: names[i]!, fields: event.fields.map((f, j) => ({ ...f, graphqlName: fieldNames[j]! })) };
  });
}

const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** What a pull keeps from the snapshot it replaces: `allowed`, names (events by id, else key; fields by name), descriptions. */
export function mergeEvents(pulled: readonly ModelEvent[], previous: readonly ModelEvent[] | undefined): ModelEvent[] {
  return pulled.map((event) => {
    const before = previous?.find((p) => same(p.id, event.id)) ?? previous?.find((p) => same(p.key, event.key));
    if (before === undefined) return event;
    const fields = event.fields.map((field): ModelEventField => {
      const had = before.fields.find((f) => same(f.name, field.name));
      return had?.graphqlName === undefined ? field : { ...field, graphqlName: had.graphqlName };
    });
    return {
      ...event,
      allowed: before.allowed,
      ...(before.graphqlName !== undefined ? { graphqlName: before.graphqlName } : {}),
      description: event.description === '' ? before.description : event.description,
      fields,
    };
  });
}

const sentence = (text: string): string => (text === '' || /[.!?]$/.test(text) ? text : `${text}.`);

function catalogField(f: ModelEventField): CatalogEventField {
  const dataType = eventFieldType(f.dataType);
  const length = f.length !== undefined ? ` (at most ${f.length} characters)` : '';
  return {
    sfmcName: f.name,
    graphqlName: f.graphqlName!,
    dataType,
    ...(f.length !== undefined ? { length: f.length } : {}),
    required: !f.nullable,
    description: `Event field "${f.name}", ${f.dataType}${length}${f.nullable ? '' : ', required'}.`,
  };
}

/** The allowed events of a resolved model, in the model's order. */
export function catalogEvents(events: readonly ModelEvent[], takenTypes: Iterable<string> = []): CatalogEvent[] {
  return resolveEvents(events, takenTypes)
    .filter((e) => e.allowed)
    .map((e) => ({
      key: e.key,
      sfmcName: e.name,
      graphqlName: e.graphqlName!,
      enumValue: enumValueOf(e.graphqlName!),
      inputTypeName: eventDataTypeName(e.graphqlName!),
      description: [sentence(e.description), `Data of the API event "${e.name}" (event definition key "${e.key}").`]
        .filter((p) => p !== '')
        .join(' '),
      fields: e.fields.map(catalogField),
    }));
}

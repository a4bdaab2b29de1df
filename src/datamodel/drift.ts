import { buildSchema, findBreakingChanges, findDangerousChanges, type GraphQLSchema } from 'graphql';
import { counterparts, type ModelAttribute, type ModelGroup, type TenantModel } from '../catalog/index.js';
import { GRAPHQL_SCALAR_OF } from '../catalog/data-types.js';
import { typeNameOf } from '../catalog/naming.js';
import { eventChanges, eventPlace } from './event-drift.js';

/**
 * `npm run datamodel:check`: how the tenant's model drifted from the committed snapshot,
 * in SFMC's terms ("Email Demographics.Zip Code: length 20 → 10"), and what that does to
 * the committed schema.graphql by graphql-js's breaking and dangerous change detection.
 * Pure: both models come resolved (names decided), both schemas as SDL text.
 */

/** Breaking: a document or a value that worked is refused now. Dangerous: it may behave differently. Safe: additions. */
export type Severity = 'breaking' | 'dangerous' | 'safe';

/** One change of the model, in SFMC's terms, with the schema changes it explains. */
export interface ModelChange {
  severity: Severity;
  /** "Group" or "Group.Attribute", by the committed snapshot's names (the new ones when added). */
  where: string;
  cause: string;
  /** graphql-js's descriptions of the schema changes this change makes, e.g. "EmailDemographicsInput.zipCode was removed." */
  schema: string[];
}

export interface Drift {
  changes: ModelChange[];
  /** Schema changes no model change explains: schema.graphql is not what the committed snapshot gives. */
  unexplained: { severity: Severity; description: string }[];
  breaking: boolean;
}

const isTyped = (entry: { graphqlName?: string } | undefined): boolean => entry?.graphqlName !== undefined;
const isWritable = (group: ModelGroup): boolean => isTyped(group) && group.notWritable === undefined;
const lengthText = (length: number | undefined): string => (length === undefined || length <= 0 ? 'unbounded' : String(length));
/** Whether `after` accepts fewer characters than `before`. */
const narrower = (before: number | undefined, after: number | undefined): boolean =>
  after !== undefined && after > 0 && (before === undefined || before <= 0 || after < before);

function attributeChanges(
  group: ModelGroup,
  before: ModelAttribute,
  after: ModelAttribute | undefined,
): Omit<ModelChange, 'schema'>[] {
  const where = `${group.name}.${before.name}`;
  if (after === undefined) return [{ severity: 'breaking', where, cause: 'attribute removed' }];
  if (!isTyped(after)) return [{ severity: 'breaking', where, cause: `no longer typed: ${after.untyped ?? 'turned off'}` }];
  const changes: Omit<ModelChange, 'schema'>[] = [];
  const add = (severity: Severity, cause: string) => changes.push({ severity, where, cause });
  if (after.name !== before.name)
    add('safe', `display name "${before.name}" → "${after.name}" (field ${after.graphqlName} kept)`);
  if (after.graphqlName !== before.graphqlName) add('breaking', `field ${before.graphqlName} → ${after.graphqlName}`);
  if (after.dataType !== before.dataType) {
    const sameScalar =
      GRAPHQL_SCALAR_OF[before.dataType as keyof typeof GRAPHQL_SCALAR_OF] ===
      GRAPHQL_SCALAR_OF[after.dataType as keyof typeof GRAPHQL_SCALAR_OF];
    // Text → EmailAddress keeps `String` but refuses what is not an address.
    add(sameScalar ? 'dangerous' : 'breaking', `data type ${before.dataType} → ${after.dataType}`);
  }
  // A length belongs to its data type: a new type's is told by the type's change.
  if (after.dataType === before.dataType && after.length !== before.length) {
    add(
      narrower(before.length, after.length) ? 'breaking' : 'safe',
      `length ${lengthText(before.length)} → ${lengthText(after.length)}`,
    );
  }
  if (after.nullable !== before.nullable)
    add(after.nullable ? 'safe' : 'breaking', after.nullable ? 'nullable now' : 'null refused now');
  if (after.primaryKey !== before.primaryKey) {
    add(
      after.primaryKey ? 'breaking' : 'safe',
      after.primaryKey ? "part of the row's key now: required" : "no longer part of the row's key",
    );
  }
  if (after.readOnly && !before.readOnly) add('dangerous', 'read-only in Contact Builder now: SFMC may refuse to change it');
  return changes;
}

function groupChanges(before: ModelGroup, after: ModelGroup | undefined): Omit<ModelChange, 'schema'>[] {
  const where = before.name;
  if (after === undefined) return [{ severity: 'breaking', where, cause: 'attribute group removed' }];
  if (!isTyped(after)) return [{ severity: 'breaking', where, cause: `no longer typed: ${after.untyped ?? 'turned off'}` }];
  const changes: Omit<ModelChange, 'schema'>[] = [];
  const add = (severity: Severity, cause: string) => changes.push({ severity, where, cause });
  if (after.name !== before.name)
    add('safe', `display name "${before.name}" → "${after.name}" (field ${after.graphqlName} kept)`);
  if (after.graphqlName !== before.graphqlName) add('breaking', `field ${before.graphqlName} → ${after.graphqlName}`);
  if (after.cardinality !== before.cardinality) add('breaking', `${before.cardinality} → ${after.cardinality} rows per contact`);
  if (isWritable(before) && !isWritable(after)) add('breaking', `left UpdateContactInput: ${after.notWritable}`);
  if (!isWritable(before) && isWritable(after)) add('safe', 'joined UpdateContactInput');

  const typedBefore = before.attributes.filter(isTyped);
  const matched = counterparts(typedBefore, after.attributes);
  typedBefore.forEach((attribute, i) => {
    changes.push(...attributeChanges(before, attribute, matched[i]));
  });
  // Typed now, and not before: added (a new key is a new required field).
  const previous = counterparts(after.attributes, before.attributes);
  after.attributes.forEach((attribute, i) => {
    if (!isTyped(attribute) || isTyped(previous[i])) return;
    const at = `${after.name}.${attribute.name}`;
    changes.push(
      attribute.primaryKey && isWritable(after)
        ? {
            severity: 'breaking',
            where: at,
            cause: `attribute added as part of the row's key: ${attribute.graphqlName} required`,
          }
        : { severity: 'safe', where: at, cause: `attribute added: ${attribute.graphqlName}` },
    );
  });
  return changes;
}

/** Every change of the typed model from `before` (the committed snapshot) to `after` (the tenant now), in SFMC's terms. */
export function modelChanges(before: TenantModel, after: TenantModel): Omit<ModelChange, 'schema'>[] {
  const typedBefore = before.groups.filter(isTyped);
  const matched = counterparts(typedBefore, after.groups);
  const changes = typedBefore.flatMap((group, i) => groupChanges(group, matched[i]));
  const previous = counterparts(after.groups, before.groups);
  after.groups.forEach((group, i) => {
    if (isTyped(group) && !isTyped(previous[i])) {
      changes.push({
        severity: 'safe',
        where: group.name,
        cause: `attribute group added: ${group.graphqlName}${isWritable(group) ? '' : ' (read on Contact only)'}`,
      });
    }
  });
  return [...changes, ...eventChanges(before, after)];
}

/** The type and field a graphql-js change description names ("T.f was removed.", "field f on input type T"). */
function placeOf(description: string): { type: string; field?: string } | undefined {
  const dotted = /^(\w+)\.(\w+)/.exec(description);
  if (dotted) return { type: dotted[1]!, field: dotted[2]! };
  const onType = /field (\w+) on (?:input )?type (\w+)/.exec(description);
  if (onType) return { type: onType[2]!, field: onType[1]! };
  const bare = /^(\w+) /.exec(description);
  return bare ? { type: bare[1]! } : undefined;
}

/** "Group" or "Group.Attribute" of a schema place, in either model. */
function sfmcPlace(models: TenantModel[], place: { type: string; field?: string }): string[] {
  for (const model of models) {
    for (const group of model.groups.filter(isTyped)) {
      const typeName = typeNameOf(group.graphqlName!);
      const own = place.type === typeName || place.type === `${typeName}Input`;
      const parent = (place.type === 'UpdateContactInput' || place.type === 'Contact') && place.field === group.graphqlName;
      if (parent || (own && place.field === undefined)) return [group.name];
      if (!own) continue;
      const attribute = group.attributes.find((a) => a.graphqlName === place.field);
      return attribute ? [`${group.name}.${attribute.name}`, group.name] : [group.name];
    }
  }
  return [];
}

const parse = (sdl: string): GraphQLSchema => buildSchema(sdl, { assumeValidSDL: true });

/**
 * The drift from the committed snapshot and schema to the tenant's model now and the
 * schema it gives. Each schema change is told under the model change that makes it; a
 * model change the schema does not show (a length, a nullability) still counts.
 */
export function findDrift(before: { model: TenantModel; sdl: string }, after: { model: TenantModel; sdl: string }): Drift {
  const changes: ModelChange[] = modelChanges(before.model, after.model).map((c) => ({ ...c, schema: [] }));
  const unexplained: Drift['unexplained'] = [];
  const oldSchema = parse(before.sdl);
  const newSchema = parse(after.sdl);
  const schemaChanges = [
    ...findBreakingChanges(oldSchema, newSchema).map((c) => ({ severity: 'breaking' as const, description: c.description })),
    ...findDangerousChanges(oldSchema, newSchema).map((c) => ({ severity: 'dangerous' as const, description: c.description })),
  ];
  for (const change of schemaChanges) {
    const place = placeOf(change.description);
    const models = [before.model, after.model];
    const candidates = place ? [...sfmcPlace(models, place), ...eventPlace(models, place)] : [];
    const owner = candidates.map((where) => changes.find((c) => c.where === where)).find((c) => c !== undefined);
    if (owner) {
      owner.schema.push(change.description);
      if (change.severity === 'breaking') owner.severity = 'breaking';
    } else {
      unexplained.push(change);
    }
  }
  const breaking = changes.some((c) => c.severity === 'breaking') || unexplained.some((c) => c.severity === 'breaking');
  return { changes, unexplained, breaking };
}

const ORDER: Record<Severity, number> = { breaking: 0, dangerous: 1, safe: 2 };

/** The report's lines: breaking first, each model change with the schema changes it makes. */
export function driftLines(drift: Drift): string[] {
  const lines: string[] = [];
  for (const change of [...drift.changes].sort((a, b) => ORDER[a.severity] - ORDER[b.severity])) {
    lines.push(`${change.severity.toUpperCase()}: ${change.where}: ${change.cause}`);
    for (const description of change.schema) lines.push(`    schema: ${description}`);
  }
  for (const change of drift.unexplained) {
    lines.push(
      `${change.severity.toUpperCase()}: schema: ${change.description} (no model change explains it: is schema.graphql current?)`,
    );
  }
  return lines;
}

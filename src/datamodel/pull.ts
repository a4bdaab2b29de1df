import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mergePrevious, resolveModel, serializeSnapshot, type TenantModel } from '../catalog/index.js';
import { definitionsIn, modelFromDefinitions } from '../catalog/definitions.js';
import { eventsFromDefinitions } from '../catalog/event-model.js';
import { isJsonObject } from '../json-object.js';
import { baseFieldName } from '../catalog/naming.js';
import type { SfmcClient } from '../sfmc/client.js';
import { describeEndpoint, type Page } from '../sfmc/endpoints.js';
import { SfmcError } from '../sfmc/sfmc-error.js';

/**
 * `npm run datamodel:pull`: reads the tenant's attribute set definitions from SFMC
 * (every page of `ENDPOINTS.attributeSetDefinitions`) with the SFMC client it is
 * given, writes the snapshot the schema is built from, and regenerates schema.graphql
 * from it. Which client, files and emulator is the entry point's business
 * (src/cli/configured-pull.ts).
 */

/** SFMC's page size for the definitions list. */
const DEFINITIONS_PAGE_SIZE = 50;
/** A tenant with more sets than this is not a contact model this service can type. */
const MAX_PAGES = 100;

export class PullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PullError';
  }
}

/**
 * Every item of a paged SFMC list, page by page, until a page is empty or `count` is reached.
 * `itemsOf` finds a page's items (undefined: not a list); `what` names them in errors.
 */
async function everyPage(
  fetchPage: (page: Page) => Promise<unknown>,
  itemsOf: (answer: unknown) => unknown[] | undefined,
  what: { endpoint: string; items: string },
  pageSize: number,
): Promise<unknown[]> {
  const all: unknown[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await fetchPage({ page, pageSize });
    const items = itemsOf(answer);
    const count = (answer as { count?: unknown }).count;
    if (items === undefined || Array.isArray(answer)) {
      throw new PullError(`SFMC answered ${what.endpoint} without an items list.`);
    }
    all.push(...items);
    if (items.length === 0 || typeof count !== 'number' || page * pageSize >= count) return all;
  }
  throw new PullError(`SFMC lists more than ${MAX_PAGES * pageSize} ${what.items}; this service does not type that many.`);
}

/** Every attribute set definition, page by page. */
export function pullDefinitions(sfmc: SfmcClient, pageSize = DEFINITIONS_PAGE_SIZE): Promise<unknown[]> {
  return everyPage(
    (page) => sfmc.attributeSetDefinitions(page),
    definitionsIn,
    {
      endpoint: describeEndpoint('attributeSetDefinitions'),
      items: 'attribute sets',
    },
    pageSize,
  );
}

/** Every event definition (all types: the model keeps the API events), page by page. */
export function pullEventDefinitions(sfmc: SfmcClient, pageSize = DEFINITIONS_PAGE_SIZE): Promise<unknown[]> {
  const itemsOf = (answer: unknown) => (isJsonObject(answer) && Array.isArray(answer.items) ? answer.items : undefined);
  return everyPage(
    (page) => sfmc.call('eventDefinitions', { page }),
    itemsOf,
    {
      endpoint: describeEndpoint('eventDefinitions'),
      items: 'event definitions',
    },
    pageSize,
  );
}

/** The tenant's model as SFMC lists it now, with what the previous snapshot decided kept (names, typing, descriptions). */
export async function pullTenantModel(sfmc: SfmcClient, previous?: TenantModel): Promise<TenantModel> {
  const pulled = modelFromDefinitions(await pullDefinitions(sfmc));
  pulled.events = eventsFromDefinitions(await pullEventDefinitions(sfmc));
  return resolveModel(mergePrevious(pulled, previous));
}

export interface PullOptions {
  /** A client for the tenant (or an emulator); the caller closes it. */
  sfmc: SfmcClient;
  /** Where the model comes from, for log lines and errors: a host, or the emulator. */
  source: string;
  /** The snapshot being refreshed, when there is one: its decisions (names, typing, descriptions) are kept. */
  previous?: TenantModel | undefined;
  /** Where the snapshot goes. */
  snapshotFile: string;
  /** Where the schema goes. */
  schemaFile: string;
  /** The text of schema.graphql for a model (the schema layer builds it; this one only writes it). */
  schemaOf: (model: TenantModel) => string;
  /** Compare with the files instead of writing them. */
  check?: boolean;
  /** Where progress lines go; default stdout. */
  log?: (line: string) => void;
}

export interface PullResult {
  snapshot: string;
  schema: string;
  /** Whether either file differed from what was pulled (and, unless checking, was rewritten). */
  changed: boolean;
  groups: number;
  attributes: number;
  typedGroups: number;
  typedAttributes: number;
  /** Typed groups in UpdateContactInput; the others SFMC keeps itself and are read on Contact only. */
  writableGroups: number;
  /** API event definitions pulled, and those the snapshot allows frontends to fire. */
  events: number;
  allowedEvents: number;
}

const readIfExists = (path: string): string | undefined => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);

/** Typed names that are not the plain name of their SFMC name: a clash rule or an earlier snapshot chose them. */
function renamed(model: TenantModel): string[] {
  const lines: string[] = [];
  for (const group of model.groups) {
    if (group.graphqlName !== undefined && group.graphqlName !== baseFieldName(group.name, group.key, 'group')) {
      lines.push(`"${group.name}" -> ${group.graphqlName}`);
    }
    for (const attribute of group.graphqlName === undefined ? [] : group.attributes) {
      if (
        attribute.graphqlName !== undefined &&
        attribute.graphqlName !== baseFieldName(attribute.name, attribute.key, 'attribute')
      ) {
        lines.push(`"${group.name}.${attribute.name}" -> ${attribute.graphqlName}`);
      }
    }
  }
  for (const event of model.events ?? []) {
    if (event.graphqlName !== undefined && event.graphqlName !== baseFieldName(event.name, event.key, 'event')) {
      lines.push(`event "${event.key}" -> ${event.graphqlName}`);
    }
  }
  return lines;
}

export async function pullDataModel(options: PullOptions): Promise<PullResult> {
  const { sfmc, source, previous, snapshotFile, schemaFile } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  let model: TenantModel;
  try {
    model = await pullTenantModel(sfmc, previous);
  } catch (error) {
    if (error instanceof SfmcError) throw new PullError(`Pulling from ${source} failed: ${error.message}`);
    throw error;
  }

  const snapshot = serializeSnapshot(model);
  const schema = options.schemaOf(model);
  const changed = readIfExists(snapshotFile) !== snapshot || readIfExists(schemaFile) !== schema;
  const typed = model.groups.filter((g) => g.graphqlName !== undefined);
  const result: PullResult = {
    snapshot,
    schema,
    changed,
    groups: model.groups.length,
    attributes: model.groups.reduce((n, g) => n + g.attributes.length, 0),
    typedGroups: typed.length,
    typedAttributes: typed.reduce((n, g) => n + g.attributes.filter((a) => a.graphqlName !== undefined).length, 0),
    writableGroups: typed.filter((g) => g.notWritable === undefined).length,
    events: model.events?.length ?? 0,
    allowedEvents: model.events?.filter((e) => e.allowed).length ?? 0,
  };
  log(`Pulled ${result.groups} attribute groups (${result.attributes} attributes) from ${source}.`);
  log(`Typed: ${result.typedGroups} groups, ${result.typedAttributes} attributes (each untyped one says why in the snapshot).`);
  log(
    `In UpdateContactInput: ${result.writableGroups} groups; ${result.typedGroups - result.writableGroups} kept by SFMC ` +
      'are read on Contact only (each says why in the snapshot: "notWritable").',
  );
  log(
    `API events: ${result.events}, of which frontends may fire ${result.allowedEvents} (set "allowed": true on an event ` +
      'in the snapshot to offer it to enterJourney).',
  );
  const names = renamed(model);
  if (names.length > 0) log(`Names chosen by the clash rules or kept from the previous snapshot:\n  ${names.join('\n  ')}`);
  if (options.check) {
    log(
      changed
        ? `${snapshotFile} or ${schemaFile} differs from the tenant's model: run npm run datamodel:pull.`
        : 'The snapshot and schema.graphql match the tenant.',
    );
  } else if (changed) {
    writeFileSync(snapshotFile, snapshot);
    writeFileSync(schemaFile, schema);
    log(`Wrote ${snapshotFile} and ${schemaFile}: review the change with \`git diff -- ${schemaFile}\`.`);
  } else {
    log(`${snapshotFile} and ${schemaFile} are unchanged.`);
  }
  return result;
}

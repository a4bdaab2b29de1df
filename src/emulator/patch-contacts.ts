import { coerceValue, type AttributeScalar } from '../catalog/data-types.js';
import type { Catalog, CatalogAttribute, CatalogGroup } from '../catalog/index.js';
import type { PatchItem, PatchRequest, PatchSet } from './patch-request.js';
import type { ContactStore, RowChanges, StoredContact } from './store.js';
import type { RowKeyMatch, UnknownContactMode } from './types.js';

/**
 * The semantic half of PATCH /contacts/v1/contacts: resolve the contact, check every
 * set, item and value against the tenant model, and apply the request only if
 * nothing is wrong. SFMC documents that failures are reported in `resultMessages`
 * but not which codes it uses, so the codes below are the emulator's own.
 */

export type ResultCode =
  | 'ContactKeyOrIdRequired'
  | 'ContactNotFound'
  | 'ContactKeyIdMismatch'
  | 'AttributeSetNotFound'
  | 'DuplicateAttributeSet'
  | 'AttributeNotFound'
  | 'DuplicateAttribute'
  | 'InvalidAttributeValue'
  | 'TooManyItems'
  | 'PrimaryKeyRequired'
  // A create's (create-contacts.ts).
  | 'ContactKeyRequired'
  | 'ContactIdNotAllowed'
  | 'ContactKeyExists'
  | 'ChannelRequired'
  | 'AttributeSetRequired'
  | 'AttributeRequired'
  // A restricted contact's update (contact-operations.ts).
  | 'ContactRestricted';

export interface ResultMessage {
  resultType: 'Validation';
  resultClass: 'Error';
  resultCode: ResultCode;
  message: string;
}

export interface PatchOutcome {
  operationStatus: 'OK' | 'FAIL';
  /** As stored, else as requested; null when the request named no key and no contact was found. */
  contactKey: string | null;
  /** 0 when no contact was found or created. */
  contactId: number;
  isNewContactKey: boolean;
  /** Whether the update changed anything (SFMC's rowsAffected is 0 for one that does not). */
  changed: boolean;
  resultMessages: ResultMessage[];
}

export const problem = (resultCode: ResultCode, message: string): ResultMessage => ({
  resultType: 'Validation',
  resultClass: 'Error',
  resultCode,
  message,
});

type Resolution =
  | { kind: 'existing'; contact: StoredContact }
  | { kind: 'new'; contactKey: string }
  | { kind: 'failed'; problem: ResultMessage; contact?: StoredContact };

const failed = (resultCode: ResultCode, message: string, contact?: StoredContact): Resolution => ({
  kind: 'failed',
  problem: problem(resultCode, message),
  ...(contact ? { contact } : {}),
});

function resolveContact(store: ContactStore, request: PatchRequest, mode: UnknownContactMode): Resolution {
  const { contactKey, contactId } = request;
  if (contactKey === undefined && contactId === undefined) {
    return failed(
      'ContactKeyOrIdRequired',
      'The body of the request must contain either the contactKey or the contactId property.',
    );
  }
  const byKey = contactKey === undefined ? undefined : store.findByKey(contactKey);
  const byId = contactId === undefined ? undefined : store.findById(contactId);
  if (contactKey !== undefined && contactId !== undefined && (byKey ?? byId) && byKey !== byId) {
    return failed(
      'ContactKeyIdMismatch',
      `Contact key '${contactKey}' and contact id ${contactId} do not identify the same contact.`,
      byKey,
    );
  }
  const found = byKey ?? byId;
  if (found) return { kind: 'existing', contact: found };
  if (contactId !== undefined) {
    // A new contact's id is assigned by the tenant, never chosen by the caller.
    if (contactKey === undefined) return failed('ContactNotFound', `No contact has the id ${contactId}.`);
    const hint = mode === 'create' ? '; leave out contactId to create a contact' : '';
    return failed('ContactNotFound', `No contact has the key '${contactKey}' or the id ${contactId}${hint}.`);
  }
  if (mode === 'create' && contactKey !== undefined) return { kind: 'new', contactKey };
  return failed('ContactNotFound', `No contact has the key '${contactKey}'.`);
}

interface SetChanges {
  group: CatalogGroup;
  rows: RowChanges[];
}

/** The changes one item makes to its row, under the catalog's names; what is wrong with it goes to `problems`. */
function itemChanges(model: Catalog, group: CatalogGroup, item: PatchItem, where: string, problems: ResultMessage[]): RowChanges {
  const given = new Map<CatalogAttribute, AttributeScalar | null>();
  const changes: RowChanges = {};
  const keyed = group.cardinality === 'MANY';
  for (const { name, value } of item.values) {
    const attribute = model.findAttribute(group, name);
    if (!attribute) {
      problems.push(problem('AttributeNotFound', `Attribute '${name}' was not found in ${where}.`));
      continue;
    }
    if (given.has(attribute)) {
      const message = `Attribute '${attribute.sfmcName}' appears more than once in ${where}.`;
      problems.push(problem('DuplicateAttribute', message));
      continue;
    }
    given.set(attribute, value);
    const invalid = (reason: string): void => {
      const message = `Value of attribute '${attribute.sfmcName}' in ${where} ${reason}.`;
      problems.push(problem('InvalidAttributeValue', message));
    };
    if (value === null) {
      // A null row key is reported once, as a missing key, below.
      if (!attribute.isNullable && !(keyed && attribute.isPrimaryKey)) invalid('must not be null');
      changes[attribute.sfmcName] = null;
      continue;
    }
    const coerced = coerceValue(attribute.dataType, value, attribute.length);
    if (coerced.ok) changes[attribute.sfmcName] = coerced.value;
    else invalid(coerced.reason);
  }
  if (keyed) {
    const missing = group.attributes.filter((a) => a.isPrimaryKey && (given.get(a) ?? null) === null);
    if (missing.length > 0) {
      const names = missing.map((a) => `'${a.sfmcName}'`).join(', ');
      problems.push(problem('PrimaryKeyRequired', `Primary key ${names} needs a value in ${where}.`));
    }
  }
  return changes;
}

function setChanges(model: Catalog, sets: readonly PatchSet[], problems: ResultMessage[]): SetChanges[] {
  const planned: SetChanges[] = [];
  const seen = new Set<CatalogGroup>();
  for (const set of sets) {
    const group = model.findGroup(set.name);
    if (!group) {
      problems.push(problem('AttributeSetNotFound', `Attribute set '${set.name}' was not found.`));
      continue;
    }
    if (seen.has(group)) {
      const message = `Attribute set '${group.sfmcName}' appears more than once; send each set once.`;
      problems.push(problem('DuplicateAttributeSet', message));
      continue;
    }
    seen.add(group);
    if (group.cardinality === 'ONE' && set.items.length > 1) {
      problems.push(
        problem(
          'TooManyItems',
          `Attribute set '${group.sfmcName}' holds one row per contact; send one item, not ${set.items.length}.`,
        ),
      );
    }
    const rows = set.items.map((item, index) =>
      itemChanges(model, group, item, `attribute set '${group.sfmcName}' (items[${index}])`, problems),
    );
    planned.push({ group, rows });
  }
  return planned;
}

/** Checks `request` against `model` and, when it is valid throughout, applies it to `store`. */
export function patchContact(
  store: ContactStore,
  model: Catalog,
  request: PatchRequest,
  unknownContact: UnknownContactMode,
  rowKeys: RowKeyMatch = 'case-insensitive',
): PatchOutcome {
  const resolution = resolveContact(store, request, unknownContact);
  const problems: ResultMessage[] = resolution.kind === 'failed' ? [resolution.problem] : [];
  // A restriction of processing (contact-operations.ts) refuses every later update of the contact.
  if (resolution.kind === 'existing' && store.restricted.has(resolution.contact.contactKey)) {
    problems.push(problem('ContactRestricted', 'The contact is restricted from processing and cannot be updated.'));
  }
  const planned = setChanges(model, request.attributeSets, problems);
  if (resolution.kind === 'failed' || problems.length > 0) {
    const known = resolution.kind === 'new' ? undefined : resolution.contact;
    return {
      operationStatus: 'FAIL',
      contactKey: known?.contactKey ?? request.contactKey ?? null,
      contactId: known?.contactId ?? 0,
      isNewContactKey: false,
      changed: false,
      resultMessages: problems,
    };
  }
  const contact = resolution.kind === 'new' ? store.add(resolution.contactKey) : resolution.contact;
  let changed = resolution.kind === 'new';
  for (const { group, rows } of planned) {
    for (const row of rows) changed = store.mergeRow(contact, group, row, rowKeys) || changed;
  }
  return {
    operationStatus: 'OK',
    changed,
    contactKey: contact.contactKey,
    contactId: contact.contactId,
    isNewContactKey: resolution.kind === 'new',
    resultMessages: [],
  };
}

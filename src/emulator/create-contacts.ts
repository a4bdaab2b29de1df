import { createBreaches, type Catalog, type CreateBreach } from '../catalog/index.js';
import { patchContact, problem, type PatchOutcome, type ResultMessage } from './patch-contacts.js';
import type { PatchRequest } from './patch-request.js';
import type { ContactStore } from './store.js';
import type { DuplicateContactMode, RowKeyMatch } from './types.js';

/**
 * The semantic half of POST /contacts/v1/contacts: SFMC's create rules (the catalog's
 * `CREATE_REQUIREMENTS`, which the service checks too), then the PATCH's checks and
 * write. A key that exists is refused or updated as `duplicate` says (SFMC does not
 * document which). The result codes are the emulator's own, as the PATCH's are.
 */

function messageOf(request: PatchRequest, breach: CreateBreach): ResultMessage {
  const setName = (index: number) => request.attributeSets[index]?.name ?? '';
  switch (breach.rule) {
    case 'channel':
      return problem('ChannelRequired', `A contact needs at least one channel attribute set: ${breach.channels.join(', ')}.`);
    case 'with-set':
      return problem('AttributeSetRequired', `Attribute set '${breach.needs}' is required with '${setName(breach.set)}'.`);
    case 'with-attribute':
      return problem(
        'AttributeRequired',
        `Attribute '${breach.needs}' needs a value in attribute set '${setName(breach.set)}' (items[${breach.item}]).`,
      );
    case 'one-item':
      return problem('TooManyItems', `Attribute set '${setName(breach.set)}' takes one item when creating a contact.`);
  }
}

const failed = (request: PatchRequest, resultMessages: ResultMessage[], contactId = 0): PatchOutcome => ({
  operationStatus: 'FAIL',
  contactKey: request.contactKey ?? null,
  contactId,
  isNewContactKey: false,
  changed: false,
  resultMessages,
});

/** Checks `request` as a create and, when nothing is wrong, applies it to `store`. */
export function createContact(
  store: ContactStore,
  model: Catalog,
  request: PatchRequest,
  duplicate: DuplicateContactMode,
  rowKeys: RowKeyMatch,
): PatchOutcome {
  const problems: ResultMessage[] = [];
  if (request.contactKey === undefined) problems.push(problem('ContactKeyRequired', 'A new contact needs a contactKey.'));
  if (request.contactId !== undefined) {
    problems.push(problem('ContactIdNotAllowed', 'A new contact is given its id by the tenant: leave out contactId.'));
  }
  const known = (set: string, attribute?: string) => {
    const group = model.findGroup(set);
    return group !== undefined && (attribute === undefined || model.findAttribute(group, attribute) !== undefined);
  };
  problems.push(...createBreaches(request.attributeSets, known).map((breach) => messageOf(request, breach)));
  const existing = request.contactKey === undefined ? undefined : store.findByKey(request.contactKey);
  if (existing && duplicate === 'fail') {
    problems.push(problem('ContactKeyExists', `A contact with the key '${existing.contactKey}' exists already.`));
  }
  if (problems.length > 0) return failed(request, problems, existing?.contactId);
  // A new key is created; an existing one (duplicate 'update') is updated, as the PATCH would.
  return patchContact(store, model, request, 'create', rowKeys);
}

import { createBreaches, type Catalog, type CreateBreach } from '../catalog/index.js';
import type { UserError } from '../errors.js';
import { MAX_USER_ERRORS, type PatchTranslation } from './patch-body.js';

/**
 * SFMC's create rules (`CREATE_REQUIREMENTS`, in the catalog) as user errors at their input
 * paths: what `POST /contacts/v1/contacts` would fail on, said before sending, next to the
 * body's own problems.
 */

const ROOT = 'input';

/** How the input names a set: its typed field, or its SFMC name in attributeSets. */
function fieldOf(catalog: Catalog, set: string): string {
  const group = catalog.findGroup(set);
  return group?.writable ? group.graphqlName : `attributeSets "${set}"`;
}

function userErrorOf(catalog: Catalog, { body, pathOf }: PatchTranslation, breach: CreateBreach): UserError {
  switch (breach.rule) {
    case 'channel':
      return {
        field: [ROOT],
        code: 'CHANNEL_REQUIRED',
        message: `a new contact needs a channel: give at least one of ${breach.channels.map((s) => fieldOf(catalog, s)).join(', ')}`,
      };
    case 'with-set': {
      const given = body.attributeSets[breach.set]?.name ?? '';
      const group = catalog.findGroup(breach.needs);
      return {
        field: group?.writable ? [ROOT, group.graphqlName] : [ROOT, 'attributeSets'],
        code: 'REQUIRED_WITH',
        message: `is required with ${fieldOf(catalog, given)} to create a contact`,
      };
    }
    case 'with-attribute': {
      const given = body.attributeSets[breach.set]?.name ?? '';
      const group = catalog.findGroup(given);
      const attribute = group?.writable ? catalog.findAttribute(group, breach.needs) : undefined;
      const path = pathOf({ set: breach.set, item: breach.item });
      return {
        field: attribute ? [...path, attribute.graphqlName] : [...path, 'values'],
        code: 'REQUIRED_WITH',
        message: `${attribute ? 'is' : `"${breach.needs}" is`} required in ${fieldOf(catalog, given)} to create a contact`,
      };
    }
    case 'one-item':
      return {
        field: pathOf({ set: breach.set, item: breach.item }),
        code: 'TOO_MANY',
        message: 'a create takes one row per group: add the others with updateContact once the contact exists',
      };
  }
}

/**
 * Every problem of a create's input: the body translation's, then each breach of SFMC's create
 * rules (one per field: a field the translation refused already is not refused again), at most
 * MAX_USER_ERRORS. The translation's "nothing to update" is left to the missing channel, which says more.
 */
export function createProblems(catalog: Catalog, translation: PatchTranslation): UserError[] {
  const own = translation.problems.filter((p) => !(p.code === 'EMPTY' && p.field.length === 1));
  const refused = new Set(own.map((p) => p.field.join('.')));
  const known = (set: string, attribute?: string) =>
    attribute === undefined ? catalog.knowsGroup(set) : catalog.knowsAttribute(set, attribute);
  const breaches = createBreaches(translation.body.attributeSets, known)
    .map((breach) => userErrorOf(catalog, translation, breach))
    .filter((e) => !refused.has(e.field.join('.')));
  return [...own, ...breaches].slice(0, MAX_USER_ERRORS);
}

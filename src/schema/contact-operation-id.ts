import type { ContactOperationKind } from '../translate/contact-operation.js';

/**
 * A ContactOperation's global id: base64url (no padding) of
 * `ContactOperation:<KIND>:<operation id>:<requested at, ms>:<owner contact key>`. The owner is
 * the self-service caller who asked for it (empty for an admin's operation), so that a later read
 * can be allowed to that caller alone without asking SFMC whose keys the operation named (its
 * status route does not say). Ids are not signed: a self-service caller who builds an id with
 * their own key and another operation id reads that operation's status (kind, status, restorable
 * days), never whose contacts it names (docs/security.md).
 */
const PREFIX = 'ContactOperation:';

export interface ContactOperationRef {
  kind: ContactOperationKind;
  operationId: string;
  /** When this service sent the request (ms since the epoch). */
  requestedAt: number;
  /** The self-service caller's contact key, or '' for an operation only admins may read. */
  owner: string;
}

export const contactOperationGlobalId = (ref: ContactOperationRef): string =>
  Buffer.from(`${PREFIX}${ref.kind}:${ref.operationId}:${ref.requestedAt}:${ref.owner}`, 'utf8').toString('base64url');

const SHAPE = /^(DELETE|RESTRICT):([1-9]\d{0,17}):(0|[1-9]\d{0,15}):([\s\S]*)$/;

/** The operation a global id names, or undefined when the id is not one this service made (only the canonical encoding). */
export function contactOperationOfGlobalId(id: string): ContactOperationRef | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return undefined;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return undefined;
  const match = SHAPE.exec(text.slice(PREFIX.length));
  if (!match) return undefined;
  const ref: ContactOperationRef = {
    kind: match[1] as ContactOperationKind,
    operationId: match[2] as string,
    requestedAt: Number(match[3]),
    owner: match[4] as string,
  };
  return contactOperationGlobalId(ref) === id ? ref : undefined;
}

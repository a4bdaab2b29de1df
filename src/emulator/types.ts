import type { AttributeScalar } from '../catalog/data-types.js';
import type { Catalog } from '../catalog/index.js';

/**
 * Which of SFMC's two spellings of its responses to emit: the documentation's
 * (`rowsAffetcted`, `contactId`, host-only instance URLs) or the live service's
 * (`rowsAffected`, `contactID`, `responseDateTime`, full instance URLs).
 */
export type Spelling = 'documented' | 'live';

/** What PATCH does with a contact key it does not know; SFMC's behaviour is undocumented. */
export type UnknownContactMode = 'fail' | 'create';

export interface EmulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 'emulator-client-id'. */
  clientId?: string;
  /** Default 'emulator-client-secret'. */
  clientSecret?: string;
  /**
   * How long a token is accepted; default 1200. Like SFMC, the reported `expires_in`
   * is two minutes shorter for lifetimes over five minutes.
   */
  tokenLifetimeSeconds?: number;
  /** Default 'documented'. */
  spelling?: Spelling;
  /** Default 'fail'. */
  unknownContact?: UnknownContactMode;
  /** Default `standardCatalog`; the emulator serves `demoTenantModel(catalog)`. */
  catalog?: Catalog;
  /** Default true: seeds the contact of SFMC's example request, "acruz@example.com" (id 12345678). */
  seedContacts?: boolean;
}

export interface RecordedCall {
  method: string;
  /** Path and query string as requested. */
  path: string;
  status: number;
  /** Parsed JSON, else the raw text; undefined when empty. A token request's client_secret is redacted. */
  body: unknown;
}

export interface EmulatedContact {
  contactKey: string;
  contactId: number;
  /** Rows per attribute set name; a cleared attribute is absent from its row. */
  attributeSets: Record<string, Record<string, AttributeScalar>[]>;
}

export interface Emulator {
  /** 'http://HOST:PORT', no trailing slash. */
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every request except the /__emulator/* admin routes, in the order they were answered. */
  readonly calls: RecordedCall[];
  callCount(method: string, pathPrefix: string): number;
  getContact(contactKey: string): EmulatedContact | undefined;
  /** Every token issued so far answers 401 from now on. */
  expireTokens(): void;
  setOptions(patch: Partial<Pick<EmulatorOptions, 'spelling' | 'unknownContact'>>): void;
  /** Forgets calls, tokens and contacts, then seeds again. */
  reset(): void;
  close(): Promise<void>;
}

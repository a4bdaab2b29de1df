import { printSubgraphSchema } from '@apollo/subgraph';
import { parse, print, visit, type ASTVisitor, type GraphQLSchema } from 'graphql';
import type { Caller } from '../auth/index.js';
import type { Catalog } from '../catalog/index.js';
import { serviceError } from '../errors.js';
import { registerAttributeGroups } from './attribute-groups.js';
import { createBuilder, type RequestContext } from './builder.js';
import { registerContact } from './contact.js';
import { registerContactInput, registerCreateContactInput } from './contact-input.js';
import { registerCreateContact } from './create-contact.js';
import { registerContactOperations } from './contact-operation.js';
import { registerJourneys } from './journeys.js';
import { registerMe } from './me.js';
import { registerNode, registerNodeQuery } from './node.js';
import { registerSmsConsent } from './sms-consent.js';
import { registerTrackingOptOut } from './tracking-opt-out.js';
import { registerSfmcUsage } from './sfmc-usage.js';
import { registerUpdateContact } from './update-contact.js';
import { registerUpdateContactPreview } from './update-contact-preview.js';
import { registerUpdateContacts } from './update-contacts.js';
import { registerUserError } from './user-error.js';

export type { RequestContext } from './builder.js';

export const FEDERATION_SPEC = 'https://specs.apollo.dev/federation/v2.6';

/** Sorts fields, arguments and enum values by name: printed types are sorted already, their members are not. */
function sorted(sdl: string): string {
  const byName = <T extends { name: { value: string } }>(nodes?: readonly T[]) =>
    nodes && [...nodes].sort((a, b) => a.name.value.localeCompare(b.name.value));
  const visitor: ASTVisitor = {
    ObjectTypeDefinition: (n) => ({ ...n, fields: byName(n.fields) }),
    InputObjectTypeDefinition: (n) => ({ ...n, fields: byName(n.fields) }),
    EnumTypeDefinition: (n) => ({ ...n, values: byName(n.values) }),
  };
  return `${print(visit(parse(sdl), visitor))}\n`;
}

export interface SchemaOptions {
  /**
   * Who may read `_service { sdl }`: `everyone` where introspection is on (development), `admin`
   * where it is off (production): the SDL maps every type and field, as introspection would.
   */
  sdlReaders: 'everyone' | 'admin';
}

/**
 * Whether a caller may read the SDL where it is for admins only: a token with the admin scope
 * (a gateway, a back office), or anyone with AUTH_MODE=off, where every caller may read and update
 * any contact already (a service behind a gateway that authenticates: the gateway must compose).
 */
const mayReadSdl = (caller: Caller) => caller.kind === 'anonymous' || caller.admin;

export interface BuiltSchema {
  schema: GraphQLSchema;
  /** The subgraph SDL (with `@link` and `@key`): `_service { sdl }` and the committed schema.graphql. */
  sdl: string;
}

/**
 * The Federation 2 subgraph schema for a catalog: the standard groups by default,
 * a tenant's own model later.
 */
export function buildSchema(catalog: Catalog, options: SchemaOptions = { sdlReaders: 'admin' }): BuiltSchema {
  const builder = createBuilder();
  builder.queryType({ description: 'Reads. Nothing here changes SFMC.' });
  builder.mutationType({ description: 'Writes to SFMC.' });
  const Node = registerNode(builder);
  const Contact = registerContact(builder, catalog, Node);
  registerNodeQuery(builder, Node);
  registerMe(builder, Contact);
  const UpdateContactInput = registerContactInput(builder, catalog);
  const UserError = registerUserError(builder);
  registerUpdateContactPreview(builder, UpdateContactInput, UserError);
  const updateRefs = registerUpdateContact(builder, UpdateContactInput, Contact, UserError);
  registerCreateContact(builder, registerCreateContactInput(builder, catalog), updateRefs.payloadFields);
  registerUpdateContacts(builder, UpdateContactInput, Contact, UserError, updateRefs);
  registerContactOperations(builder, Node, UserError, updateRefs);
  registerAttributeGroups(builder, catalog);
  registerTrackingOptOut(builder, Contact, { ...updateRefs, UserError });
  registerSmsConsent(builder, Contact, { ...updateRefs, UserError });
  registerJourneys(builder, catalog, Contact, UserError, updateRefs);
  registerSfmcUsage(builder);
  const schema = builder.toSubGraphSchema({ linkUrl: FEDERATION_SPEC, federationDirectives: ['@key'] });
  const sdl = sorted(printSubgraphSchema(schema));
  // Serve the same, diff-friendly SDL a gateway composes from.
  const service = schema.getQueryType()?.getFields()._service;
  if (service) {
    service.resolve = (_root, _args, ctx: RequestContext) => {
      if (options.sdlReaders === 'admin' && !mayReadSdl(ctx.caller)) {
        throw serviceError('FORBIDDEN', 'The subgraph SDL is served to admin callers (a gateway) only.');
      }
      return { sdl };
    };
  }
  return { schema, sdl };
}

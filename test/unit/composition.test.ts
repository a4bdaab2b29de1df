import { readFileSync } from 'node:fs';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { journeysSubgraph } from '../support/journeys-subgraph.js';

const contacts = { name: 'contacts', typeDefs: parse(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8')) };
const journeys = { name: 'journeys', typeDefs: parse(journeysSubgraph([]).sdl) };

describe('composition (Apollo Federation 2)', () => {
  it('schema.graphql composes with a subgraph that refers to contacts by key', () => {
    const result = composeServices([contacts, journeys]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.supergraphSdl).toContain('@join__type(graph: CONTACTS, key: "contactKey")');
    const publicSdl = result.publicSdl ?? '';
    expect(publicSdl).toContain('members: [Contact!]!');
    expect(publicSdl).toContain('emailAddresses: [EmailAddresses!]!');
    expect(publicSdl).not.toContain('_entities');
  });

  it('fails on a subgraph that defines Contact.contactKey with another type', () => {
    const conflicting = {
      name: 'conflicting',
      typeDefs: parse(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])
        type Query { segment: Segment }
        type Segment { members: [Contact!]! }
        type Contact @key(fields: "contactKey", resolvable: false) { contactKey: Int! }
      `),
    };
    const result = composeServices([contacts, conflicting]);
    expect(result.errors?.map((e) => e.extensions?.code)).toContain('FIELD_TYPE_MISMATCH');
    expect(result.errors?.map((e) => e.message).join('\n')).toContain('Contact.contactKey');
  });
});

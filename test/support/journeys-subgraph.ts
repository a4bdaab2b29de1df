import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

/**
 * The sample journeys subgraph (examples/federation/journeys.graphql), served with
 * resolvers for the tests: journeys that hold lists of contact keys, referring to this
 * service's Contact entity by its key.
 */
export const journeysTypeDefs = parse(
  readFileSync(new URL('../../examples/federation/journeys.graphql', import.meta.url), 'utf8'),
);

interface Journey {
  id: string;
  name: string;
  memberKeys: string[];
}

export function journeysSubgraph(journeys: Journey[]) {
  const byId = new Map(journeys.map((j) => [j.id, j]));
  const schema = buildSubgraphSchema({
    typeDefs: journeysTypeDefs,
    resolvers: {
      Query: { journey: (_: unknown, { id }: { id: string }) => byId.get(id) ?? null },
      Journey: { members: (j: Journey) => j.memberKeys.map((contactKey) => ({ contactKey })) },
    },
  });
  return { schema, sdl: printSubgraphSchema(schema) };
}

/** Serves the journeys subgraph on a loopback port. */
export async function startJourneys(journeys: Journey[]) {
  const { schema, sdl } = journeysSubgraph(journeys);
  const server = createServer(createYoga({ schema, logging: false }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return {
    url,
    sdl,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

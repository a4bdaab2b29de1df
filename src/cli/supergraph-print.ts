/**
 * `npm run supergraph`: composes schema.graphql with other subgraphs' SDL files and prints
 * the supergraph SDL, or writes it with `--out FILE`. `--public` prints the client-facing
 * schema instead, the one a frontend generates typed documents from.
 *
 *   --subgraph NAME=FILE[@URL]   a subgraph to compose (repeatable); URL defaults to a loopback one
 *   --contacts-url URL           where the gateway reaches this service (default http://127.0.0.1:4000/graphql)
 *
 * The npm script composes the sample journeys subgraph (examples/federation/journeys.graphql).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const subgraphArgs = args.flatMap((arg, i) => (arg === '--subgraph' && args[i + 1] !== undefined ? [args[i + 1] as string] : []));

const SUBGRAPH = /^([A-Za-z][\w-]*)=([^@]+)(?:@(.+))?$/;
const subgraphs = subgraphArgs.map((spec, i) => {
  const match = SUBGRAPH.exec(spec);
  if (!match) {
    console.error(`--subgraph ${spec}: expected NAME=FILE[@URL]`);
    process.exit(2);
  }
  const [, name = '', file = '', url] = match;
  return { name, typeDefs: parse(readFileSync(file, 'utf8')), url: url ?? `http://127.0.0.1:${4001 + i}/graphql` };
});

const result = composeServices([
  {
    name: 'contacts',
    typeDefs: parse(readFileSync('schema.graphql', 'utf8')),
    url: option('--contacts-url') ?? 'http://127.0.0.1:4000/graphql',
  },
  ...subgraphs,
]);
if (result.errors?.length) {
  console.error(result.errors.map((e) => e.message).join('\n'));
  process.exit(1);
}
const sdl = (args.includes('--public') ? result.publicSdl : result.supergraphSdl) ?? '';
const out = option('--out');
if (out) writeFileSync(out, sdl);
else process.stdout.write(sdl);

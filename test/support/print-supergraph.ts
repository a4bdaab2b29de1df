/**
 * `npm run supergraph`: composes schema.graphql with the sample journeys subgraph
 * (the one the federation tests use) and prints the supergraph SDL, or writes it
 * with `--out FILE`. `--public` prints the client-facing schema instead, the one
 * a frontend generates typed documents from.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { journeysSubgraph } from './journeys-subgraph.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const result = composeServices([
  {
    name: 'contacts',
    typeDefs: parse(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8')),
    url: arg('--contacts-url') ?? 'http://127.0.0.1:4000/graphql',
  },
  { name: 'journeys', typeDefs: parse(journeysSubgraph([]).sdl), url: arg('--journeys-url') ?? 'http://127.0.0.1:4001/graphql' },
]);
if (result.errors?.length) {
  console.error(result.errors.map((e) => e.message).join('\n'));
  process.exit(1);
}
const sdl = (process.argv.includes('--public') ? result.publicSdl : result.supergraphSdl) ?? '';
const out = arg('--out');
if (out) writeFileSync(out, sdl);
else process.stdout.write(sdl);

/**
 * `npm run schema:print` writes schema.graphql from the Pothos code;
 * `npm run schema:check` (with --check) fails when the committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { standardCatalog } from '../catalog/index.js';
import { buildSchema } from './index.js';

const file = new URL('../../schema.graphql', import.meta.url);
const { sdl } = buildSchema(standardCatalog);

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // Missing counts as stale.
  }
  if (committed !== sdl) {
    console.error('schema.graphql is stale: run `npm run schema:print` and commit the result.');
    process.exit(1);
  }
  console.log('schema.graphql is up to date.');
} else {
  writeFileSync(file, sdl);
  console.log('Wrote schema.graphql.');
}

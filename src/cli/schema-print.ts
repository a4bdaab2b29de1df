/**
 * `npm run schema:print` writes schema.graphql from the Pothos code and the tenant
 * model (`DATA_MODEL`, default src/catalog/tenant-model.json);
 * `npm run schema:check` (with --check) fails when the committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { catalogFromModel, createCatalog, shippedModel } from '../catalog/index.js';
import { ConfigError, loadSchemaConfig, modelFromVariable } from '../config.js';
import { SCHEMA_FILE, schemaText } from '../schema/schema-file.js';

let sdl: string;
try {
  const { dataModelFile } = loadSchemaConfig(process.env);
  const model = dataModelFile === undefined ? shippedModel : modelFromVariable('DATA_MODEL', dataModelFile);
  sdl = schemaText(createCatalog(catalogFromModel(model)));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(SCHEMA_FILE, 'utf8');
  } catch {
    // Missing counts as stale.
  }
  if (committed !== sdl) {
    console.error('schema.graphql is stale: run `npm run schema:print` and commit the result.');
    process.exit(1);
  }
  console.log('schema.graphql is up to date.');
} else {
  writeFileSync(SCHEMA_FILE, sdl);
  console.log('Wrote schema.graphql.');
}

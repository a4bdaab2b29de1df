/**
 * `npm run datamodel:pull`: the tenant's contact data model and API event definitions (SFMC_* as for
 * `npm start`; without credentials, an emulator started here) into src/catalog/tenant-model.json
 * (or DATA_MODEL) and schema.graphql. `-- --check` writes nothing and fails when they
 * differ from the tenant.
 */
import { TenantModelError } from '../catalog/index.js';
import { ConfigError } from '../config.js';
import { PullError } from '../datamodel/pull.js';
import { runDatamodelPull } from './configured-pull.js';

const check = process.argv.includes('--check');
try {
  const result = await runDatamodelPull({ env: process.env, check });
  if (check && result.changed) process.exitCode = 1;
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof TenantModelError || error instanceof PullError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}

/**
 * `npm run datamodel:check`: pulls the tenant's model (SFMC_* as for `npm start`; or
 * `-- --definitions <file>`, SFMC's definitions or a snapshot), builds the schema it would
 * give, and reports each change against the committed snapshot and schema.graphql with its
 * SFMC cause. Exits 1 on a breaking change, so a scheduled CI job catches drift first.
 */
import { TenantModelError } from '../catalog/index.js';
import { ConfigError } from '../config.js';
import { PullError } from '../datamodel/pull.js';
import { runDatamodelCheck } from './configured-pull.js';

const at = process.argv.indexOf('--definitions');
const definitionsFile = at >= 0 ? process.argv[at + 1] : undefined;
try {
  if (at >= 0 && definitionsFile === undefined) throw new PullError('--definitions needs a file.');
  const drift = await runDatamodelCheck({
    env: process.env,
    ...(definitionsFile !== undefined ? { definitionsFile } : {}),
  });
  if (drift.breaking) process.exitCode = 1;
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof TenantModelError || error instanceof PullError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}

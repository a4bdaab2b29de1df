/**
 * `npm run docs:config` writes docs/configuration.md from the variables table;
 * `-- --check` fails when the committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CONFIGURATION_DOC, configurationMarkdown } from '../config/configuration-doc.js';

const markdown = configurationMarkdown();
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(CONFIGURATION_DOC, 'utf8');
  } catch {
    // Missing counts as stale.
  }
  if (committed !== markdown) {
    console.error('docs/configuration.md is stale: run `npm run docs:config` and commit the result.');
    process.exit(1);
  }
  console.log('docs/configuration.md is up to date.');
} else {
  writeFileSync(CONFIGURATION_DOC, markdown);
  console.log('Wrote docs/configuration.md.');
}

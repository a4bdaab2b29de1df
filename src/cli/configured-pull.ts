import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalogFromModel, createCatalog, shippedModel, SNAPSHOT_FILE } from '../catalog/index.js';
import { loadPullConfig, modelFromVariable, type Env } from '../config.js';
import { pullDataModel, type PullResult } from '../datamodel/pull.js';
import { startEmbeddedEmulator, type Emulator } from '../emulator/index.js';
import { SCHEMA_FILE, schemaText } from '../schema/schema-file.js';
import { SfmcClient } from '../sfmc/client.js';
import type { SfmcCredentials } from '../sfmc/settings.js';

export interface ConfiguredPullOptions {
  /** Environment (SFMC_*, EMULATOR_*, DATA_MODEL, EMULATOR_DATA_MODEL), as `npm start` reads it. */
  env: Env;
  /** Where the snapshot goes; default `DATA_MODEL`, else src/catalog/tenant-model.json. */
  snapshotFile?: string;
  /** Where the schema goes; default schema.graphql. */
  schemaFile?: string;
  /** Compare with the files instead of writing them. */
  check?: boolean;
  /** Where progress lines go; default stdout. */
  log?: (line: string) => void;
}

/**
 * `npm run datamodel:pull` as configured by the environment: the tenant the SFMC_*
 * variables name or, without credentials, an embedded emulator started here that
 * serves EMULATOR_DATA_MODEL or else the snapshot being refreshed (so a bare pull changes nothing).
 */
export async function runDatamodelPull(options: ConfiguredPullOptions): Promise<PullResult> {
  const config = loadPullConfig(options.env);
  const snapshotFile = options.snapshotFile ?? config.dataModelFile ?? fileURLToPath(SNAPSHOT_FILE);
  const schemaFile = options.schemaFile ?? fileURLToPath(SCHEMA_FILE);
  const previous = existsSync(snapshotFile) ? modelFromVariable('DATA_MODEL', snapshotFile) : undefined;

  let emulator: Emulator | undefined;
  let credentials: SfmcCredentials;
  let source: string;
  if (config.sfmc.mode === 'emulator') {
    const settings = config.sfmc.emulator;
    const served =
      settings.dataModelFile === undefined
        ? (previous ?? shippedModel)
        : modelFromVariable('EMULATOR_DATA_MODEL', settings.dataModelFile);
    ({ emulator, credentials } = await startEmbeddedEmulator(settings, served, { seedContacts: false }));
    source = `the built-in emulator (no SFMC credentials set), serving ${settings.dataModelFile ?? snapshotFile}`;
  } else {
    credentials = config.sfmc.tenant;
    source = new URL(credentials.authUrl).host;
  }
  const sfmc = new SfmcClient({ ...credentials, ...config.upstream });
  try {
    return await pullDataModel({
      sfmc,
      source,
      previous,
      snapshotFile,
      schemaFile,
      schemaOf: (model) => schemaText(createCatalog(catalogFromModel(model))),
      ...(options.check !== undefined ? { check: options.check } : {}),
      ...(options.log !== undefined ? { log: options.log } : {}),
    });
  } finally {
    await sfmc.close();
    await emulator?.close();
  }
}

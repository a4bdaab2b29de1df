import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  catalogFromModel,
  createCatalog,
  loadModelFile,
  mergePrevious,
  resolveModel,
  shippedModel,
  SNAPSHOT_FILE,
  type TenantModel,
} from '../catalog/index.js';
import { loadPullConfig, modelFromVariable, type Env } from '../config.js';
import { driftLines, findDrift, type Drift } from '../datamodel/drift.js';
import { pullDataModel, pullTenantModel, PullError, type PullResult } from '../datamodel/pull.js';
import { startEmbeddedEmulator, type Emulator } from '../emulator/index.js';
import { SCHEMA_FILE, schemaText } from '../schema/schema-file.js';
import { SfmcClient } from '../sfmc/client.js';
import { SfmcError } from '../sfmc/sfmc-error.js';
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

/** The schema.graphql text of a model. */
const schemaOf = (model: TenantModel): string => schemaText(createCatalog(catalogFromModel(model)));

/**
 * Runs `use` with an SFMC client for the tenant the SFMC_* variables name or, without
 * credentials, for an embedded emulator started here that serves EMULATOR_DATA_MODEL or
 * else `fallback` (the snapshot being refreshed, so a bare pull changes nothing).
 */
async function withConfiguredSfmc<T>(
  env: Env,
  fallback: { model: TenantModel; file: string },
  use: (sfmc: SfmcClient, source: string) => Promise<T>,
): Promise<T> {
  const config = loadPullConfig(env);
  let emulator: Emulator | undefined;
  let credentials: SfmcCredentials;
  let source: string;
  if (config.sfmc.mode === 'emulator') {
    const settings = config.sfmc.emulator;
    const served =
      settings.dataModelFile === undefined ? fallback.model : modelFromVariable('EMULATOR_DATA_MODEL', settings.dataModelFile);
    ({ emulator, credentials } = await startEmbeddedEmulator(settings, served, { seedContacts: false }));
    source = `the built-in emulator (no SFMC credentials set), serving ${settings.dataModelFile ?? fallback.file}`;
  } else {
    credentials = config.sfmc.tenant;
    source = new URL(credentials.authUrl).host;
  }
  const sfmc = new SfmcClient({ ...credentials, ...config.upstream });
  try {
    return await use(sfmc, source);
  } finally {
    await sfmc.close();
    await emulator?.close();
  }
}

/** The snapshot file a command reads: the option, else DATA_MODEL, else src/catalog/tenant-model.json. */
const snapshotFileOf = (env: Env, given: string | undefined): string =>
  given ?? loadPullConfig(env).dataModelFile ?? fileURLToPath(SNAPSHOT_FILE);

/**
 * `npm run datamodel:pull` as configured by the environment: the tenant the SFMC_*
 * variables name or, without credentials, an embedded emulator started here that
 * serves EMULATOR_DATA_MODEL or else the snapshot being refreshed (so a bare pull changes nothing).
 */
export async function runDatamodelPull(options: ConfiguredPullOptions): Promise<PullResult> {
  const snapshotFile = snapshotFileOf(options.env, options.snapshotFile);
  const schemaFile = options.schemaFile ?? fileURLToPath(SCHEMA_FILE);
  const previous = existsSync(snapshotFile) ? modelFromVariable('DATA_MODEL', snapshotFile) : undefined;
  return withConfiguredSfmc(options.env, { model: previous ?? shippedModel, file: snapshotFile }, (sfmc, source) =>
    pullDataModel({
      sfmc,
      source,
      previous,
      snapshotFile,
      schemaFile,
      schemaOf,
      ...(options.check !== undefined ? { check: options.check } : {}),
      ...(options.log !== undefined ? { log: options.log } : {}),
    }),
  );
}

export interface ConfiguredCheckOptions {
  /** Environment, as for the pull: SFMC_* (or the emulator's EMULATOR_DATA_MODEL), DATA_MODEL. */
  env: Env;
  /** SFMC's definitions (or a snapshot) to compare instead of pulling the live model. */
  definitionsFile?: string;
  /** The committed snapshot; default DATA_MODEL, else src/catalog/tenant-model.json. */
  snapshotFile?: string;
  /** The committed schema; default schema.graphql. */
  schemaFile?: string;
  /** Where the report goes; default stdout. */
  log?: (line: string) => void;
}

/**
 * `npm run datamodel:check`: the tenant's model now (pulled as `datamodel:pull` would, or
 * read from a definitions file), with the committed snapshot's decisions kept, against the
 * committed snapshot and schema.graphql. Writes nothing; `breaking` says whether a frontend
 * built on the committed schema would break.
 */
export async function runDatamodelCheck(options: ConfiguredCheckOptions): Promise<Drift> {
  const log = options.log ?? ((line: string) => console.log(line));
  const snapshotFile = snapshotFileOf(options.env, options.snapshotFile);
  const schemaFile = options.schemaFile ?? fileURLToPath(SCHEMA_FILE);
  const committed = resolveModel(modelFromVariable('DATA_MODEL', snapshotFile));
  let sdl: string;
  try {
    sdl = readFileSync(schemaFile, 'utf8');
  } catch {
    throw new PullError(`${schemaFile} cannot be read: it is the committed schema the tenant's model is compared with.`);
  }
  let now: TenantModel;
  let source: string;
  if (options.definitionsFile !== undefined) {
    now = resolveModel(mergePrevious(loadModelFile(options.definitionsFile), committed));
    source = options.definitionsFile;
  } else {
    [now, source] = await withConfiguredSfmc(options.env, { model: committed, file: snapshotFile }, async (sfmc, from) => {
      try {
        return [await pullTenantModel(sfmc, committed), from] as const;
      } catch (error) {
        if (error instanceof SfmcError) throw new PullError(`Pulling from ${from} failed: ${error.message}`);
        throw error;
      }
    });
  }
  const drift = findDrift({ model: committed, sdl }, { model: now, sdl: schemaOf(now) });
  const lines = driftLines(drift);
  log(`Compared the model of ${source} with ${snapshotFile} and ${schemaFile}.`);
  if (lines.length === 0) log('No change: the committed snapshot and schema match the tenant.');
  for (const line of lines) log(line);
  if (drift.breaking) {
    log(
      'Breaking: frontends built on the committed schema would fail. Pull (npm run datamodel:pull), review, regenerate documents.',
    );
  } else if (lines.length > 0) {
    log('Nothing breaks: pull (npm run datamodel:pull) and commit when convenient.');
  }
  return drift;
}

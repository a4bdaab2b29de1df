import { createCallerAuth } from './auth/caller-auth.js';
import {
  catalogFromModel,
  createCatalog,
  modelNames,
  shippedModel,
  standardModel,
  type Catalog,
  type ModelNames,
  type TenantModel,
} from './catalog/index.js';
import { modelFromVariable, type AppConfig } from './config.js';
import { demoTenantModel, startEmbeddedEmulator, type Emulator } from './emulator/index.js';
import { GRAPHQL_ENDPOINT, startApp, type App } from './server/app.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createTelemetry, type Telemetry, type TelemetryOptions } from './observability/telemetry.js';
import { SfmcClient } from './sfmc/client.js';
import type { SfmcCredentials } from './sfmc/settings.js';
import { createStore, describeRedisUrl, type StateStore } from './state/index.js';

/**
 * The service, wired from its configuration: the tenant model and its catalog, the
 * embedded emulator when no SFMC credentials are set, telemetry, the SFMC client,
 * caller authentication, the shared-state store (memory or Redis) and the HTTP server. `npm start` runs it; so do the tests'
 * loopback stack and the benchmark, so they exercise production's wiring.
 */

export interface ServiceOverrides {
  /** The catalog the schema is built from, instead of the one DATA_MODEL (or the shipped snapshot) gives. */
  catalog?: Catalog;
  /** Where log lines go; default one at `config.logLevel` on stdout. */
  logger?: Logger;
  /** E.g. a tracer provider with an in-memory exporter (turns tracing on). */
  telemetry?: TelemetryOptions;
}

export interface Service {
  app: App;
  /** The embedded emulator, when the configuration names no tenant. */
  emulator: Emulator | undefined;
  sfmc: SfmcClient;
  telemetry: Telemetry;
  logger: Logger;
  /** Idempotency records and rate-limit budgets: in memory, or Redis when REDIS_URL is set. */
  state: StateStore;
  /** Drains the server, then closes the SFMC client, the state store, telemetry and the embedded emulator. */
  close(): Promise<void>;
}

/** Whether two models name the same groups and attributes. */
function sameNames(a: ModelNames, b: ModelNames): boolean {
  if (a.size !== b.size) return false;
  for (const [group, attributes] of a) {
    const other = b.get(group);
    if (!other || other.size !== attributes.size || [...attributes].some((name) => !other.has(name))) return false;
  }
  return true;
}

export async function startService(config: AppConfig, overrides: ServiceOverrides = {}): Promise<Service> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  let loaded: TenantModel | undefined;
  // The tenant model the schema is built from (DATA_MODEL, else the committed snapshot).
  const model = () =>
    (loaded ??= config.dataModelFile === undefined ? shippedModel : modelFromVariable('DATA_MODEL', config.dataModelFile));
  const schemaGroups = overrides.catalog === undefined ? catalogFromModel(model()) : undefined;
  // The model the built-in emulator serves: its group and attribute names are the tenant's, not only the schema's.
  let served: TenantModel | undefined;
  let emulator: Emulator | undefined;
  let credentials: SfmcCredentials;
  if (config.sfmc.mode === 'emulator') {
    const settings = config.sfmc.emulator;
    served =
      settings.dataModelFile === undefined
        ? demoTenantModel(model())
        : modelFromVariable('EMULATOR_DATA_MODEL', settings.dataModelFile);
    ({ emulator, credentials } = await startEmbeddedEmulator(settings, served));
    logger.log('warn', 'emulator.started', {
      message: 'No SFMC credentials set (SFMC_CLIENT_ID, SFMC_CLIENT_SECRET): using the built-in SFMC emulator.',
      emulatorUrl: emulator.url,
      contactsUrl: `${emulator.url}/__emulator/contacts`,
    });
  } else {
    credentials = config.sfmc.tenant;
  }
  // Unknown names are refused only against a model known to be the tenant's: the one SFMC serves here (the built-in
  // emulator), DATA_MODEL, or a committed snapshot that a pull wrote (it differs from SFMC's standard groups). A
  // snapshot that is still the standard groups lacks every tenant's own attributes: every name then goes to SFMC.
  const tenantNames = served
    ? modelNames(served)
    : config.dataModelFile === undefined && sameNames(modelNames(shippedModel), modelNames(standardModel))
      ? null
      : undefined;
  const catalog = overrides.catalog ?? createCatalog(schemaGroups!, tenantNames);
  for (const warning of config.warnings) logger.log('warn', 'config.warning', { message: warning });
  const telemetry = await createTelemetry(config.observability, { logger, ...overrides.telemetry });
  const sfmc = new SfmcClient({ ...credentials, ...config.upstream }, { observer: telemetry.sfmcObserver });
  const auth = createCallerAuth(config.auth);
  const { metrics } = telemetry;
  const state = await createStore(config.sharedState, {
    onStateError: (operation) => metrics?.onStateError(operation),
    // Said once per change: a Redis that is down errors on every reconnection attempt.
    onStateAvailability: (available, reason) =>
      available
        ? logger.log('info', 'state.available', { message: 'Redis answers: state is shared between instances.' })
        : logger.log('warn', 'state.unavailable', {
            message: 'Redis does not answer: rate limits are not enforced and idempotency is not checked until it does.',
            reason,
          }),
  });
  let app: App;
  try {
    app = await startApp({
      ...config,
      catalog,
      sfmc,
      logger,
      auth,
      telemetry,
      state,
      readinessChecksState: config.sharedState.readiness,
    });
  } catch (error) {
    await sfmc.close();
    await state.close();
    await telemetry.shutdown();
    await emulator?.close();
    throw error;
  }
  logger.log('info', 'server.started', {
    graphqlUrl: `${app.url}${GRAPHQL_ENDPOINT}`,
    graphiql: config.graphiql ? `open ${app.url}${GRAPHQL_ENDPOINT} in a browser` : 'off',
    auth: config.auth.mode,
    sfmc: config.sfmc.mode === 'emulator' ? 'emulator' : new URL(credentials.authUrl).host,
    metrics: app.metricsUrl ?? 'off',
    tracing: config.observability.tracing.enabled ? config.observability.tracing.url : 'off',
    state: config.sharedState.redisUrl === undefined ? 'memory' : describeRedisUrl(config.sharedState.redisUrl),
  });
  return {
    app,
    emulator,
    sfmc,
    telemetry,
    logger,
    state,
    async close() {
      await app.close();
      await sfmc.close();
      await state.close();
      await telemetry.shutdown();
      await emulator?.close();
    },
  };
}

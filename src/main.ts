/**
 * `npm start`: the GraphQL server, against the SFMC tenant named by the SFMC_*
 * variables or, when none are set, against the embedded emulator.
 */
import { catalogFromModel, createCatalog, shippedModel } from './catalog/index.js';
import { ConfigError, loadConfig, type SfmcCredentials } from './config.js';
import { demoTenantModel, startEmbeddedEmulator, type Emulator } from './emulator/index.js';
import { GRAPHQL_ENDPOINT, startApp } from './server/app.js';
import { createCallerAuth } from './server/caller-auth.js';
import { batchedStdout, createLogger } from './observability/logger.js';
import { createTelemetry } from './observability/telemetry.js';
import { modelFromVariable } from './datamodel/model-files.js';
import { SfmcClient } from './sfmc/client.js';

const stdout = batchedStdout();
let logger = createLogger('info', stdout);

async function main() {
  const config = loadConfig();
  logger = createLogger(config.logLevel, stdout);
  // The tenant model the schema is built from (DATA_MODEL, else the committed snapshot).
  const model = config.dataModelFile === undefined ? shippedModel : modelFromVariable('DATA_MODEL', config.dataModelFile);
  const catalog = createCatalog(catalogFromModel(model));
  let emulator: Emulator | undefined;
  let credentials: SfmcCredentials;
  if (config.sfmc.mode === 'emulator') {
    ({ emulator, credentials } = await startEmbeddedEmulator(config.sfmc.emulator, demoTenantModel(model)));
    logger.log('warn', 'emulator.started', {
      message: 'No SFMC credentials set (SFMC_CLIENT_ID, SFMC_CLIENT_SECRET): using the built-in SFMC emulator.',
      emulatorUrl: emulator.url,
      contactsUrl: `${emulator.url}/__emulator/contacts`,
    });
  } else {
    credentials = config.sfmc.tenant;
  }
  for (const warning of config.warnings) logger.log('warn', 'config.warning', { message: warning });
  const telemetry = await createTelemetry(config.observability, { logger });
  const sfmc = new SfmcClient({ ...credentials, ...config.upstream }, { observer: telemetry.sfmcObserver });
  const auth = createCallerAuth(config.auth);
  const app = await startApp({ ...config, catalog, sfmc, logger, auth, telemetry });
  logger.log('info', 'server.started', {
    graphqlUrl: `${app.url}${GRAPHQL_ENDPOINT}`,
    graphiql: config.graphiql ? `open ${app.url}${GRAPHQL_ENDPOINT} in a browser` : 'off',
    auth: config.auth.mode,
    sfmc: config.sfmc.mode === 'emulator' ? 'emulator' : new URL(credentials.authUrl).host,
    metrics: app.metricsUrl ?? 'off',
    tracing: config.observability.tracing.enabled ? config.observability.tracing.url : 'off',
  });

  const stop = async (signal: string) => {
    logger.log('info', 'server.stopping', { signal });
    await app.close();
    await sfmc.close();
    await telemetry.shutdown();
    await emulator?.close();
    stdout.flush();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : 'The server could not start.';
  logger.log('error', 'server.failed', { message, ...(error instanceof ConfigError ? {} : { error: String(error) }) });
  stdout.flush();
  process.exit(1);
});

/**
 * `npm start`: the GraphQL server, against the SFMC tenant named by the SFMC_*
 * variables or, when none are set, against the embedded emulator.
 */
import { standardCatalog } from './catalog/index.js';
import { ConfigError, loadConfig, type SfmcCredentials } from './config.js';
import { startEmulator, type Emulator } from './emulator/index.js';
import { GRAPHQL_ENDPOINT, startApp } from './server/app.js';
import { createCallerAuth } from './server/caller-auth.js';
import { createLogger } from './server/logger.js';
import { SfmcClient } from './sfmc/client.js';

let logger = createLogger();

async function main() {
  const config = loadConfig();
  logger = createLogger(config.logLevel);
  let emulator: Emulator | undefined;
  let credentials: SfmcCredentials;
  if (config.sfmc.mode === 'emulator') {
    emulator = await startEmulator({ ...config.sfmc.emulator, catalog: standardCatalog });
    credentials = { authUrl: emulator.url, clientId: emulator.clientId, clientSecret: emulator.clientSecret };
    logger.log('warn', 'emulator.started', {
      message: 'No SFMC credentials set (SFMC_CLIENT_ID, SFMC_CLIENT_SECRET): using the built-in SFMC emulator.',
      emulatorUrl: emulator.url,
      contactsUrl: `${emulator.url}/__emulator/contacts`,
    });
  } else {
    credentials = config.sfmc.tenant;
  }
  for (const warning of config.warnings) logger.log('warn', 'config.warning', { message: warning });
  const sfmc = new SfmcClient({ ...credentials, ...config.upstream });
  const auth = createCallerAuth(config.auth);
  const app = await startApp({ ...config, catalog: standardCatalog, sfmc, logger, auth });
  logger.log('info', 'server.started', {
    graphqlUrl: `${app.url}${GRAPHQL_ENDPOINT}`,
    graphiql: config.graphiql ? `open ${app.url}${GRAPHQL_ENDPOINT} in a browser` : 'off',
    auth: config.auth.mode,
    sfmc: config.sfmc.mode === 'emulator' ? 'emulator' : new URL(credentials.authUrl).host,
  });

  const stop = async (signal: string) => {
    logger.log('info', 'server.stopping', { signal });
    await app.close();
    await sfmc.close();
    await emulator?.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : 'The server could not start.';
  logger.log('error', 'server.failed', { message, ...(error instanceof ConfigError ? {} : { error: String(error) }) });
  process.exit(1);
});

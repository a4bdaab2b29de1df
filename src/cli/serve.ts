/**
 * `npm start`: the GraphQL server, against the SFMC tenant named by the SFMC_*
 * variables or, when none are set, against the embedded emulator.
 */
import { ConfigError, loadConfig } from '../config.js';
import { batchedStdout, createLogger } from '../observability/logger.js';
import { startService } from '../service.js';

const stdout = batchedStdout();
let logger = createLogger('info', stdout);

async function main() {
  const config = loadConfig(process.env);
  logger = createLogger(config.logLevel, stdout);
  const service = await startService(config, { logger });
  const stop = async (signal: string) => {
    logger.log('info', 'server.stopping', { signal });
    await service.close();
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

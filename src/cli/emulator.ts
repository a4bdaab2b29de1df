/**
 * `npm run emulator`: a standalone SFMC emulator, configured by EMULATOR_PORT,
 * EMULATOR_HOST and EMULATOR_DATA_MODEL (see docs/configuration.md); logs one JSON
 * line per event and never the client secret or a token.
 */
import { loadEmulatorConfig, modelFromVariable } from '../config.js';
import { startEmulator } from '../emulator/index.js';

function log(event: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
}

try {
  const { dataModelFile, ...settings } = loadEmulatorConfig(process.env);
  const emulator = await startEmulator({
    ...settings,
    ...(dataModelFile !== undefined ? { dataModel: modelFromVariable('EMULATOR_DATA_MODEL', dataModelFile) } : {}),
  });
  log('emulator.started', { url: emulator.url, clientId: emulator.clientId });
  const stop = (signal: NodeJS.Signals): void => {
    log('emulator.stopping', { signal });
    emulator.close().then(
      () => log('emulator.stopped'),
      (error: unknown) => {
        log('emulator.stop_failed', { message: error instanceof Error ? error.message : String(error) });
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  log('emulator.start_failed', { message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
}

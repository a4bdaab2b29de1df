import { modelFromVariable } from '../datamodel/model-files.js';
import { startEmulator } from './server.js';

/**
 * `npm run emulator`: a standalone SFMC emulator. Configured by EMULATOR_PORT
 * (default 4010), EMULATOR_HOST (default 127.0.0.1) and EMULATOR_DATA_MODEL (a tenant
 * model file to serve instead of the demo tenant); logs one JSON line per
 * event and never the client secret or a token.
 */

function log(event: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
}

function portFrom(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 4010;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new RangeError(`EMULATOR_PORT must be a port number, not "${raw}".`);
  return port;
}

try {
  const modelFile = process.env.EMULATOR_DATA_MODEL || undefined;
  const emulator = await startEmulator({
    port: portFrom(process.env.EMULATOR_PORT),
    host: process.env.EMULATOR_HOST || '127.0.0.1',
    ...(modelFile !== undefined ? { dataModel: modelFromVariable('EMULATOR_DATA_MODEL', modelFile) } : {}),
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

import type { TenantModel } from '../catalog/index.js';
import { startEmulator } from './server.js';
import type { EmulatorConfig, EmulatorCredentials } from './settings.js';
import type { Emulator } from './types.js';

/**
 * The emulator `npm start` and a credential-less `npm run datamodel:pull` talk to: the
 * EMULATOR_* settings, serving `dataModel` (the entry point loads EMULATOR_DATA_MODEL),
 * and the credentials that reach it.
 */
export async function startEmbeddedEmulator(
  config: EmulatorConfig,
  dataModel: TenantModel,
  options: { seedContacts?: boolean } = {},
): Promise<{ emulator: Emulator; credentials: EmulatorCredentials }> {
  const { dataModelFile: _loadedByTheCaller, ...settings } = config;
  const emulator = await startEmulator({ ...settings, ...options, dataModel });
  return { emulator, credentials: { authUrl: emulator.url, clientId: emulator.clientId, clientSecret: emulator.clientSecret } };
}

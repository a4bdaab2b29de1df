import type { TenantModel } from '../catalog/index.js';
import type { EmulatorConfig, SfmcCredentials } from '../config.js';
import { modelFromVariable } from '../datamodel/model-files.js';
import { startEmulator } from './server.js';
import type { Emulator } from './types.js';

/**
 * The emulator `npm start` and a credential-less `npm run datamodel:pull` talk to: the
 * EMULATOR_* settings, serving EMULATOR_DATA_MODEL or else `fallbackModel`, and the
 * credentials that reach it.
 */
export async function startEmbeddedEmulator(
  config: EmulatorConfig,
  fallbackModel: TenantModel,
  options: { seedContacts?: boolean } = {},
): Promise<{ emulator: Emulator; credentials: SfmcCredentials }> {
  const { dataModelFile, ...settings } = config;
  const dataModel = dataModelFile === undefined ? fallbackModel : modelFromVariable('EMULATOR_DATA_MODEL', dataModelFile);
  const emulator = await startEmulator({ ...settings, ...options, dataModel });
  return { emulator, credentials: { authUrl: emulator.url, clientId: emulator.clientId, clientSecret: emulator.clientSecret } };
}

export { demoTenantModel } from './demo-tenant.js';
export { startEmbeddedEmulator } from './embedded.js';
export { startEmulator } from './server.js';
export type { EmulatorConfig, EmulatorCredentials, StandaloneEmulatorConfig } from './settings.js';
export type {
  EmulatedContact,
  Emulator,
  EmulatorOptions,
  EmulatorStats,
  Fault,
  FaultKind,
  FaultRoute,
  RecordedCall,
  DuplicateContactMode,
  Spelling,
  SuppressedContacts,
  UnknownContactMode,
} from './types.js';

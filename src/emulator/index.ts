export { demoTenantModel } from './demo-tenant.js';
export { startEmulator } from './server.js';
export type {
  EmulatedContact,
  Emulator,
  EmulatorOptions,
  RecordedCall,
  Spelling,
  UnknownContactMode,
} from './types.js';

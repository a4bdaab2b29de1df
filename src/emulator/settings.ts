import type {
  DuplicateContactMode,
  JourneyUnknownContact,
  ManyRowsFlattening,
  RowKeyMatch,
  SearchInOperator,
  SmsSubscriberKeys,
  Spelling,
  SuppressedContacts,
  UnknownContactMode,
} from './types.js';

/** The embedded emulator `npm start` and a credential-less pull run, as the EMULATOR_* variables set it. */
export interface EmulatorConfig {
  port: number;
  spelling: Spelling;
  unknownContact: UnknownContactMode;
  rowKeys: RowKeyMatch;
  searchIn: SearchInOperator;
  manyRows: ManyRowsFlattening;
  duplicateContact: DuplicateContactMode;
  suppressedContacts: SuppressedContacts;
  smsSubscriberKeys: SmsSubscriberKeys;
  journeyUnknownContact: JourneyUnknownContact;
  tokenLifetimeSeconds: number;
  /** EMULATOR_DATA_MODEL: a tenant model file the emulator serves instead of the demo tenant (loaded by the entry point). */
  dataModelFile?: string;
}

/** The standalone emulator of `npm run emulator`. */
export interface StandaloneEmulatorConfig {
  port: number;
  host: string;
  /** EMULATOR_DATA_MODEL, as above. */
  dataModelFile?: string;
}

/** What reaches an emulator: its token endpoint and client, the shape of the SFMC_* credentials. */
export interface EmulatorCredentials {
  authUrl: string;
  clientId: string;
  clientSecret: string;
}

/**
 * The shape of the attribute-group catalog: the one description of SFMC's contact
 * model that the GraphQL input types, the translation, the validation and the
 * emulator all read.
 */

/** SFMC attribute data types, as `dataType` in an attribute set definition. */
export type SfmcDataType = 'Text' | 'Number' | 'LongNumber' | 'Decimal' | 'Byte' | 'Boolean' | 'Date' | 'Phone' | 'EmailAddress';

export interface CatalogAttribute {
  /** Display name SFMC expects in `values[].name`, e.g. "HTML Enabled". */
  sfmcName: string;
  /** SFMC's attribute key, e.g. "HTMLEnabled" (served by attributeSetDefinitions). */
  key: string;
  /** SFMC's id of the attribute, when the model has it. */
  id?: string;
  /** camelCase field name in the GraphQL input type. */
  graphqlName: string;
  dataType: SfmcDataType;
  /** Maximum length for Text-like types; absent or -1 means unbounded. */
  length?: number;
  /** Part of the row's primary key: a row is matched (and required) by these. */
  isPrimaryKey: boolean;
  isNullable: boolean;
  description: string;
}

/** One row per contact, or many (several email addresses, devices, LINE addresses). */
export type Cardinality = 'ONE' | 'MANY';

export interface CatalogGroup {
  /** SFMC attribute set name, as `attributeSets[].name`, e.g. "Email Addresses". */
  sfmcName: string;
  /** SFMC attribute set key, e.g. "EmailAddresses". */
  key: string;
  /** SFMC's id of the attribute set, when the model has it. */
  id?: string;
  /** camelCase field on `UpdateContactInput`, e.g. `emailAddresses`. */
  graphqlName: string;
  /** PascalCase GraphQL type of a row when read, e.g. `EmailAddresses`. */
  typeName: string;
  /** PascalCase GraphQL input type name, e.g. `EmailAddressesInput`. */
  inputTypeName: string;
  cardinality: Cardinality;
  description: string;
  attributes: readonly CatalogAttribute[];
  /**
   * Part of `UpdateContactInput`. False for a group SFMC keeps itself (every attribute
   * read-only or system-maintained): readable on `Contact`, not offered for writing.
   */
  writable: boolean;
  /**
   * SFMC names of the attributes that hold the contact's key as (part of) the row's key,
   * e.g. a data extension's "ContactKey": never asked from the caller, filled by the
   * service from `contactKey` in every row it sends.
   */
  contactKeyAttributes: readonly string[];
}

/**
 * The SFMC names of every group of a model and of every attribute of each, lower case (SFMC compares
 * names without case), typed or not: what a name given by the caller can be checked against.
 */
export type ModelNames = ReadonlyMap<string, ReadonlySet<string>>;

/** A catalog's groups, with the names of the model they were built from (`catalogFromModel` attaches them). */
export type CatalogGroups = readonly CatalogGroup[] & {
  readonly modelNames?: ModelNames;
  readonly events?: readonly CatalogEvent[];
};

/** One field of an allowed event's data, typed after its SFMC data type. */
export interface CatalogEventField {
  /** The field's name in SFMC's `Data`, e.g. "PreferredLanguage". */
  sfmcName: string;
  /** camelCase field of the event's data input. */
  graphqlName: string;
  /** The attribute data type whose rules check its value (Email reads as EmailAddress, an unknown type as Text). */
  dataType: SfmcDataType;
  /** Maximum length of a Text value. */
  length?: number;
  /** `isNullable: false`: required in the input. */
  required: boolean;
  description: string;
}

/** An API event frontends may fire (`"allowed": true` in the tenant model). */
export interface CatalogEvent {
  /** `eventDefinitionKey`. */
  key: string;
  /** Display name in Journey Builder. */
  sfmcName: string;
  /** Field of JourneyEventData holding its data. */
  graphqlName: string;
  /** Value of the JourneyEvent enum. */
  enumValue: string;
  /** Its data's input type, e.g. WelcomeSeriesEventData. */
  inputTypeName: string;
  description: string;
  fields: readonly CatalogEventField[];
}

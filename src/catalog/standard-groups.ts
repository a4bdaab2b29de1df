import { camelCase, pascalCase } from './naming.js';
import type { Cardinality, CatalogAttribute, CatalogGroup, SfmcDataType } from './types.js';

/**
 * SFMC's standard attribute groups that the seed request writes, with the attributes
 * an API caller may write. Names, keys, types and lengths follow a real tenant's
 * model (see shared/reference/sfmc-contacts-api.md section 5). System-maintained
 * attributes (ids, created/modified dates, counters) are left out: nobody writes them.
 */

interface AttributeSpec {
  key: string;
  dataType: SfmcDataType;
  length?: number;
  primaryKey?: boolean;
  nullable?: boolean;
  about: string;
}

function attribute(sfmcName: string, spec: AttributeSpec): CatalogAttribute {
  const length = spec.length !== undefined && spec.length > 0 ? ` (at most ${spec.length} characters)` : '';
  const rowKey = spec.primaryKey ? ' Identifies the row.' : '';
  return {
    sfmcName,
    key: spec.key,
    graphqlName: camelCase(sfmcName),
    dataType: spec.dataType,
    ...(spec.length !== undefined ? { length: spec.length } : {}),
    isPrimaryKey: spec.primaryKey ?? false,
    isNullable: spec.nullable ?? !spec.primaryKey,
    description: `${spec.about}${rowKey} SFMC attribute "${sfmcName}", ${spec.dataType}${length}.`,
  };
}

function group(
  sfmcName: string,
  key: string,
  cardinality: Cardinality,
  about: string,
  attributes: CatalogAttribute[],
): CatalogGroup {
  const rows = cardinality === 'MANY' ? 'Many rows per contact.' : 'One row per contact.';
  return {
    sfmcName,
    key,
    graphqlName: camelCase(sfmcName),
    typeName: pascalCase(sfmcName),
    inputTypeName: `${pascalCase(sfmcName)}Input`,
    cardinality,
    description: `${about} ${rows} SFMC attribute group "${sfmcName}".`,
    attributes,
  };
}

const firstName = attribute('First Name', { key: 'FirstName', dataType: 'Text', length: 100, about: 'First name.' });
const lastName = attribute('Last Name', { key: 'LastName', dataType: 'Text', length: 100, about: 'Last name.' });
const location = [
  attribute('City', { key: 'City', dataType: 'Text', length: 200, about: 'City.' }),
  attribute('State', { key: 'State', dataType: 'Text', length: 200, about: 'State or region.' }),
  attribute('Zip Code', { key: 'ZipCode', dataType: 'Text', length: 20, about: 'Postal code.' }),
  attribute('UTC Offset', { key: 'UTCOffset', dataType: 'Decimal', about: 'Offset from UTC in hours, e.g. -5.' }),
  attribute('Is Honor DST', { key: 'IsHonorDST', dataType: 'Boolean', about: 'Whether daylight saving time applies.' }),
];
const status = attribute('Status', { key: 'Status', dataType: 'Byte', about: 'Channel status code (0-255).' });
const lineAddressId = attribute('Address ID', {
  key: 'AddressID',
  dataType: 'Text',
  length: 100,
  primaryKey: true,
  about: 'The LINE address id, as returned by the LINE API.',
});

export const STANDARD_GROUPS: readonly CatalogGroup[] = [
  group('Email Addresses', 'EmailAddresses', 'MANY', 'Email addresses of the contact.', [
    attribute('Email Address', {
      key: 'EmailAddress',
      dataType: 'EmailAddress',
      length: 254,
      primaryKey: true,
      about: 'The email address.',
    }),
    attribute('HTML Enabled', {
      key: 'HTMLEnabled',
      dataType: 'Boolean',
      nullable: false,
      about: 'Whether the contact receives HTML email at this address.',
    }),
  ]),
  group(
    'Email Demographics',
    'EmailDemographics',
    'ONE',
    "Profile attributes of the contact; a tenant's own profile attributes go in extraAttributes.",
    [firstName, lastName],
  ),
  group('MobileConnect Demographics', 'MobileDemographics', 'MANY', 'SMS (MobileConnect) numbers of the contact.', [
    attribute('Mobile Number', {
      key: 'MobileNumber',
      dataType: 'Phone',
      length: 15,
      primaryKey: true,
      about: 'The mobile number.',
    }),
    attribute('Locale', {
      key: 'CountryCode',
      dataType: 'Text',
      length: 2,
      nullable: false,
      about: 'Two-letter country code of the number, e.g. "US"; needed when the number is new.',
    }),
    status,
    firstName,
    lastName,
    ...location,
  ]),
  group('MobilePush Demographics', 'PushDemographics', 'MANY', 'Push (MobilePush) devices of the contact.', [
    attribute('Device ID', {
      key: 'PushDeviceID',
      dataType: 'Text',
      length: 200,
      primaryKey: true,
      about: 'The device id registered by the MobilePush SDK.',
    }),
    attribute('Application', {
      key: 'PushAppID',
      dataType: 'Text',
      length: 38,
      primaryKey: true,
      about: 'The MobilePush application id.',
    }),
    status,
    firstName,
    lastName,
    ...location,
  ]),
  group('GroupConnect LINE Addresses', 'GroupConnectLineAddress', 'MANY', 'LINE addresses of the contact.', [
    lineAddressId,
  ]),
  group(
    'GroupConnect LINE Subscriptions',
    'GroupConnectLineSubscriptions',
    'MANY',
    'LINE channel subscriptions of the contact.',
    [
      lineAddressId,
      attribute('Channel ID', {
        key: 'ChannelID',
        dataType: 'Text',
        length: -1,
        primaryKey: true,
        about: 'The LINE channel id.',
      }),
    ],
  ),
  group('GroupConnect LINE Demographics', 'GroupConnectLineDemographics', 'MANY', 'LINE profile of each LINE address.', [
    lineAddressId,
    attribute('Display Name', { key: 'DisplayName', dataType: 'Text', length: 200, about: 'LINE display name.' }),
    attribute('Picture Url', { key: 'PictureUrl', dataType: 'Text', length: 200, about: 'LINE profile picture URL.' }),
    attribute('Status Message', { key: 'StatusMessage', dataType: 'Text', length: 200, about: 'LINE status message.' }),
  ]),
];

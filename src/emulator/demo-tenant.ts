import {
  createCatalog,
  type Catalog,
  type CatalogAttribute,
  type CatalogGroup,
  type SfmcDataType,
} from '../catalog/index.js';
import { camelCase, pascalCase } from '../catalog/naming.js';
import type { ContactStore } from './store.js';

/**
 * The emulated tenant's contact model: the deployment's catalog plus what a real
 * tenant adds on its own. The extras let tests exercise attributes and groups the
 * GraphQL layer does not type, which it can only reach through `attributeSets`.
 */

function tenantAttribute(sfmcName: string, key: string, dataType: SfmcDataType, length?: number): CatalogAttribute {
  return {
    sfmcName,
    key,
    graphqlName: camelCase(sfmcName),
    dataType,
    ...(length !== undefined ? { length } : {}),
    isPrimaryKey: false,
    isNullable: true,
    description: `Tenant-defined attribute "${sfmcName}".`,
  };
}

/** The seed request's placeholder profile attributes, which live in Email Demographics. */
const PROFILE_ATTRIBUTES: readonly CatalogAttribute[] = [
  tenantAttribute('Text Profile Attribute', 'TextProfileAttribute', 'Text', 100),
  tenantAttribute('Number Profile Attribute', 'NumberProfileAttribute', 'Number'),
];

const PREFERENCES: CatalogGroup = {
  sfmcName: 'Preferences',
  key: 'Preferences',
  graphqlName: camelCase('Preferences'),
  typeName: pascalCase('Preferences'),
  inputTypeName: `${pascalCase('Preferences')}Input`,
  cardinality: 'ONE',
  description: 'Tenant-defined communication preferences. One row per contact.',
  attributes: [
    tenantAttribute('Newsletter Opt In', 'NewsletterOptIn', 'Boolean'),
    tenantAttribute('Preferred Language', 'PreferredLanguage', 'Text', 50),
    tenantAttribute('Favorite Store', 'FavoriteStore', 'Number'),
  ],
};

function withProfileAttributes(group: CatalogGroup): CatalogGroup {
  const missing = PROFILE_ATTRIBUTES.filter(
    (extra) => !group.attributes.some((a) => a.sfmcName.toLowerCase() === extra.sfmcName.toLowerCase()),
  );
  return { ...group, attributes: [...group.attributes, ...missing] };
}

/** The catalog's groups with the demo tenant's extras; `catalog` itself is left as it is. */
export function demoTenantModel(catalog: Catalog): Catalog {
  const groups = catalog.groups.map((g) =>
    g.sfmcName.toLowerCase() === 'email demographics' ? withProfileAttributes(g) : g,
  );
  return createCatalog(catalog.findGroup(PREFERENCES.sfmcName) ? groups : [...groups, PREFERENCES]);
}

/** The contact of SFMC's example request, so the seed PATCH succeeds against a fresh emulator. */
export function seedDemoContacts(store: ContactStore, model: Catalog): void {
  // Created at the local time of SFMC's email search example, so the search answers as documented.
  const contact = store.add('acruz@example.com', 12345678, new Date(2014, 10, 15, 11, 51));
  const emailAddresses = model.findGroup('Email Addresses');
  if (emailAddresses) {
    store.mergeRow(contact, emailAddresses, { 'Email Address': 'acruz@example.com', 'HTML Enabled': false });
  }
}

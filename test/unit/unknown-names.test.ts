import { describe, expect, it } from 'vitest';
import { catalogFromModel, createCatalog, modelNames, standardCatalog, standardModel } from '../../src/catalog/index.js';
import { demoTenantModel } from '../../src/emulator/demo-tenant.js';
import { fieldText } from '../../src/errors.js';
import { translateUpdate, type UpdateContactInput } from '../../src/translate/patch-body.js';

/**
 * Issue #13: a set or attribute the tenant's data model does not have is refused before SFMC is called
 * (UNKNOWN_ATTRIBUTE_SET, UNKNOWN_ATTRIBUTE), by the names of the model the catalog was built from,
 * typed or not, compared without case as SFMC compares them.
 */

/** SFMC's standard groups typed, over the demo tenant, which adds untyped attributes and a "Preferences" group. */
const demoModel = demoTenantModel(standardModel);
const catalog = createCatalog(standardCatalog.groups, modelNames(demoModel));

const problems = (input: Record<string, unknown>) =>
  translateUpdate(catalog, { contactKey: 'k', ...input } as UpdateContactInput).problems.map(
    (p) => `${fieldText(p.field)} ${p.code}`,
  );

describe('the names a catalog knows', () => {
  it('knows every group and attribute of the model it was built from, typed or not, without case', () => {
    const built = createCatalog(catalogFromModel(demoModel));
    expect(built.knowsGroup('preferences')).toBe(true);
    expect(built.knowsAttribute('EMAIL DEMOGRAPHICS', 'text profile attribute')).toBe(true);
    expect(built.knowsAttribute('Email Demographics', 'First Name')).toBe(true);
    expect(built.knowsGroup('Prefs')).toBe(false);
    expect(built.knowsAttribute('Email Demographics', 'Middle Name')).toBe(false);
    expect(built.knowsAttribute('Prefs', 'First Name')).toBe(false);
    // The emulator's view of the same model knows the same names.
    expect(createCatalog(catalogFromModel(demoModel, { everything: true })).knowsGroup('Preferences')).toBe(true);
  });

  it('knows no names, so refuses none, when made from groups alone or with null', () => {
    for (const blind of [createCatalog([...standardCatalog.groups]), createCatalog(standardCatalog.groups, null)]) {
      expect(blind.knowsGroup('Prefs')).toBe(true);
      expect(blind.knowsAttribute('Prefs', 'anything')).toBe(true);
    }
  });

  it('keeps the groups a plain list: the names are not enumerable', () => {
    expect(Object.keys(catalogFromModel(standardModel))).toEqual(standardModel.groups.map((_, i) => String(i)));
  });
});

describe('unknown names are user errors', () => {
  it('refuses an attribute set the model has no group of, and does not look up its attributes', () => {
    expect(problems({ attributeSets: [{ name: 'Prefs', items: [{ values: [{ name: 'a', value: 1 }] }] }] })).toEqual([
      'input.attributeSets[0].name UNKNOWN_ATTRIBUTE_SET',
    ]);
  });

  it('refuses an attribute its untyped set does not have, and passes the ones it has, without case', () => {
    const values = [
      { name: 'newsletter opt in', value: true },
      { name: 'Shoe Size', value: 42 },
      { name: 'FAVORITE STORE', value: 'Lisbon' },
    ];
    expect(problems({ attributeSets: [{ name: 'PREFERENCES', items: [{ values }] }] })).toEqual([
      'input.attributeSets[0].items[0].values[1].name UNKNOWN_ATTRIBUTE',
    ]);
  });

  it("refuses an extra attribute its typed group does not have, and passes the model's untyped ones", () => {
    const extraAttributes = [
      { name: 'Text Profile Attribute', value: 'x' },
      { name: 'Middle Name', value: 'y' },
    ];
    expect(problems({ emailDemographics: { firstName: 'A', extraAttributes } })).toEqual([
      'input.emailDemographics.extraAttributes[1].name UNKNOWN_ATTRIBUTE',
    ]);
    expect(
      problems({ mobileConnectDemographics: [{ mobileNumber: '555', extraAttributes: [{ name: 'Nope', value: 1 }] }] }),
    ).toEqual(['input.mobileConnectDemographics[0].extraAttributes[0].name UNKNOWN_ATTRIBUTE']);
  });

  it('says one thing per name: a typed field, a refused name or a duplicate is not also unknown', () => {
    expect(
      problems({
        emailDemographics: {
          extraAttributes: [
            { name: 'first name', value: 'A' },
            { name: '', value: 'B' },
          ],
        },
        attributeSets: [{ name: '', items: [{ values: [{ name: 'a', value: 1 }] }] }],
      }),
    ).toEqual([
      'input.emailDemographics.extraAttributes[0].name USE_TYPED_FIELD',
      'input.emailDemographics.extraAttributes[1].name BLANK',
      'input.attributeSets[0].name BLANK',
    ]);
  });
});

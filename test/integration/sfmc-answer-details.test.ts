import { afterEach, describe, expect, it } from 'vitest';
import { createCatalog, standardCatalog } from '../../src/catalog/index.js';
import { PreviewUpdateContactDocument, UpdateContactDocument } from '../__generated__/graphql.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * What SFMC's answers say reaches the caller intact (issue #16 §5), over loopback against the emulator:
 * a FAIL answer's `contactID: 0` is no id, a message given only as `messageFormatString` is kept,
 * a 400's `additionalErrors` become the error's message, and the preview's `json` is the very body sent.
 */

const KEY = 'acruz@example.com';
let stack: Stack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const update = (s: Stack) =>
  s.graphql(UpdateContactDocument, { input: { contactKey: KEY, emailDemographics: { firstName: 'Ana' } } });

describe("SFMC's answer details", () => {
  it('a FAIL answer: contactID 0 becomes null and a messageFormatString-only message is kept', async () => {
    stack = await startStack();
    const body = {
      operationStatus: 'FAIL',
      hasErrors: true,
      contactKey: KEY,
      contactID: 0,
      resultMessages: [
        {
          resultType: 'Validation',
          resultClass: 'Error',
          resultCode: 'AttributeNotFound',
          messageFormatString: 'Attribute {0} was not found',
          formatStringParams: ['First Name'],
        },
      ],
    };
    stack.emulator.injectFault({ route: 'patch', kind: { type: 'status', status: 200, body } });
    const res = await update(stack);
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateContact).toMatchObject({
      operationStatus: 'FAIL',
      contactId: null,
      contactKey: KEY,
      messages: [{ resultCode: 'AttributeNotFound', message: 'Attribute First Name was not found' }],
    });
  });

  it("a 400's additionalErrors become the error's message, SFMC's message strings only, capped", async () => {
    stack = await startStack();
    const long = 'x'.repeat(500);
    const body = {
      message: 'Aggregate error',
      errorcode: 10006,
      documentation: 'https://example.invalid/doc',
      additionalErrors: [
        { message: 'Invalid value for First Name', errorcode: 10005, documentation: 'https://example.invalid/a' },
        { message: long, errorcode: 10001 },
        { errorcode: 10002 },
        ...Array.from({ length: 10 }, (_, i) => ({ message: `problem ${i}` })),
      ],
    };
    stack.emulator.injectFault({ route: 'patch', kind: { type: 'status', status: 400, body } });
    const res = await update(stack);
    expect(res.status).toBe(502);
    const error = res.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', status: 400, sfmcErrorCode: 10006 });
    expect(error?.message).toContain('Invalid value for First Name');
    expect(error?.message).toContain(`${'x'.repeat(200)}…`);
    expect(error?.message).not.toContain('x'.repeat(201));
    expect(error?.message).toContain('problem 2');
    expect(error?.message).not.toContain('problem 3');
    expect(JSON.stringify(res)).not.toContain('example.invalid');
    expect(JSON.stringify(res)).not.toContain('Aggregate error');
  });

  it('a 400 without additionalErrors keeps the plain message', async () => {
    stack = await startStack();
    stack.emulator.injectFault({
      route: 'patch',
      kind: { type: 'status', status: 400, body: { message: 'Bad', errorcode: 10000 } },
    });
    const res = await update(stack);
    expect(res.errors?.[0]?.message).toBe('SFMC refused the request (HTTP 400).');
  });

  it("the preview's json is byte for byte the body updateContact sends", async () => {
    stack = await startStack();
    const input = { contactKey: KEY, emailDemographics: { firstName: 'Ana' } };
    const preview = await stack.graphql(PreviewUpdateContactDocument, { input });
    const json = preview.data!.updateContactPreview.json!;
    expect(json).not.toContain('\n');
    expect(json).toBe(JSON.stringify(JSON.parse(json)));
    const before = stack.emulator.calls.length;
    await stack.graphql(UpdateContactDocument, { input });
    const sent = stack.emulator.calls.slice(before).find((c) => c.method === 'PATCH');
    expect(JSON.stringify(sent?.body)).toBe(json);
  });
});

describe('names the tenant has and the service does not know of', () => {
  it("go to SFMC when the catalog knows no names, and SFMC's FAIL comes back as FAIL with its messages", async () => {
    // A catalog made from groups alone cannot tell a name the tenant has from one it lacks, so refuses none.
    stack = await startStack({ catalog: createCatalog(standardCatalog.groups, null) });
    const res = await stack.graphql(UpdateContactDocument, {
      input: {
        contactKey: KEY,
        emailDemographics: { extraAttributes: [{ name: 'Shoe Size', value: 44 }] },
        attributeSets: [{ name: 'Loyalty', items: [{ values: [{ name: 'Tier', value: 'gold' }] }] }],
      },
    });
    expect(res.status).toBe(200);
    expect(res.data?.updateContact).toMatchObject({ operationStatus: 'FAIL', hasErrors: true, retryable: false, userErrors: [] });
    const codes = res.data?.updateContact.messages.map((m) => m.resultCode);
    expect(codes).toEqual(expect.arrayContaining(['AttributeNotFound', 'AttributeSetNotFound']));
    expect(stack.logs.at(-1)).toMatchObject({ outcome: 'FAIL' });
  });

  it("a model's untyped names pass, unknown ones are refused with where, in updateContact and its preview alike", async () => {
    stack = await startStack();
    const input = {
      contactKey: KEY,
      emailDemographics: {
        extraAttributes: [
          { name: 'text profile attribute', value: 'kept' },
          { name: 'Shoe Size', value: 44 },
        ],
      },
      attributeSets: [
        {
          name: 'Preferences',
          items: [
            {
              values: [
                { name: 'Favorite Store', value: 12 },
                { name: 'Tier', value: 'gold' },
              ],
            },
          ],
        },
        { name: 'Loyalty', items: [{ values: [{ name: 'Tier', value: 'gold' }] }] },
      ],
    };
    const res = await stack.graphql(UpdateContactDocument, { input });
    const preview = await stack.graphql(PreviewUpdateContactDocument, { input });
    const expected = [
      ['input.emailDemographics.extraAttributes.1.name', 'UNKNOWN_ATTRIBUTE'],
      ['input.attributeSets.0.items.0.values.1.name', 'UNKNOWN_ATTRIBUTE'],
      ['input.attributeSets.1.name', 'UNKNOWN_ATTRIBUTE_SET'],
    ];
    expect(res.data?.updateContact.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual(expected);
    expect(preview.data?.updateContactPreview).toMatchObject({ body: null, userErrors: res.data?.updateContact.userErrors });
    expect(stack.emulator.calls.filter((c) => c.method === 'PATCH')).toEqual([]);

    // Without the unknown ones, the same input is sent and applied.
    const known = {
      contactKey: KEY,
      emailDemographics: { extraAttributes: [{ name: 'text profile attribute', value: 'kept' }] },
      attributeSets: [{ name: 'preferences', items: [{ values: [{ name: 'FAVORITE STORE', value: 12 }] }] }],
    };
    const ok = await stack.graphql(UpdateContactDocument, { input: known });
    expect(ok.data?.updateContact).toMatchObject({ operationStatus: 'OK', userErrors: [] });
  });
});

import type { PatchAttributeSet, PatchBody, PatchItem, PatchValue } from '../translate/patch-body.js';
import { ENDPOINTS, describeEndpoint } from '../sfmc/endpoints.js';
import type { Builder } from './builder.js';
import type { UserError as UserErrorValue } from '../errors.js';
import { checkedUpdate, type registerContactInput } from './contact-input.js';
import type { registerUserError } from './user-error.js';

type UpdateContactInputRef = ReturnType<typeof registerContactInput>;
type UserErrorRef = ReturnType<typeof registerUserError>;

/** A preview: the body that would be sent, or none and the input's problems. */
interface PreviewResult {
  body: PatchBody | null;
  userErrors: UserErrorValue[];
}

/**
 * `updateContactPreview` and its `Sfmc*` types: the SFMC request updateContact would
 * send for an input, after the same validation and authorization, sending nothing.
 * Method and path are the endpoint table's.
 */
export function registerUpdateContactPreview(
  builder: Builder,
  UpdateContactInputRef: UpdateContactInputRef,
  UserError: UserErrorRef,
) {
  const { method, path } = ENDPOINTS.updateContact;

  const PatchValueRef = builder.objectRef<PatchValue>('SfmcPatchValue').implement({
    description: 'One `{ name, value }` entry of a PATCH row.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'SFMC attribute name.' }),
      value: t.field({
        type: 'AttributeValue',
        nullable: true,
        resolve: (v) => v.value,
        description: 'The value, in the JSON type that will be sent; null clears the attribute.',
      }),
    }),
  });
  const PatchItemRef = builder.objectRef<PatchItem>('SfmcPatchItem').implement({
    description: 'One row of an attribute set in the PATCH body.',
    fields: (t) => ({
      values: t.field({ type: [PatchValueRef], resolve: (i) => i.values, description: "The row's values." }),
    }),
  });
  const PatchSetRef = builder.objectRef<PatchAttributeSet>('SfmcPatchAttributeSet').implement({
    description: 'One attribute set in the PATCH body.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'SFMC attribute group name.' }),
      items: t.field({ type: [PatchItemRef], resolve: (s) => s.items, description: 'The rows.' }),
    }),
  });
  const PatchBodyRef = builder.objectRef<PatchBody>('SfmcPatchBody').implement({
    description: `The body of \`${describeEndpoint('updateContact')}\`, as it would be sent.`,
    fields: (t) => ({
      contactKey: t.exposeString('contactKey', { nullable: true, description: 'contactKey as sent.' }),
      contactId: t.field({
        type: 'ID',
        nullable: true,
        resolve: (b) => b.contactId,
        description: 'contactId as sent (a JSON number when it fits).',
      }),
      attributeSets: t.field({
        type: [PatchSetRef],
        resolve: (b) => b.attributeSets,
        description: 'The attribute sets.',
      }),
    }),
  });
  const Preview = builder.objectRef<PreviewResult>('UpdateContactPreview').implement({
    description:
      'The SFMC request updateContact would send for an input, or, when the input would be refused (INVALID), ' +
      'no body and the same userErrors. Nothing is sent.',
    fields: (t) => ({
      method: t.string({ resolve: () => method, description: 'The HTTP method.' }),
      path: t.string({ resolve: () => path, description: "The path under the tenant's REST base URL." }),
      body: t.field({
        type: PatchBodyRef,
        nullable: true,
        resolve: (p) => p.body,
        description: 'The body, typed; null when the input would be refused.',
      }),
      json: t.string({
        nullable: true,
        // The same serialisation the SFMC client sends (compact JSON.stringify), so it is byte for byte the request body.
        resolve: (p) => (p.body === null ? null : JSON.stringify(p.body)),
        description: 'The body, exactly as the JSON text that would be sent (compact); null when the input would be refused.',
      }),
      userErrors: t.field({
        type: [UserError],
        resolve: (p) => p.userErrors,
        description:
          'Every problem updateContact would refuse the input for (then it answers INVALID); empty when it would send.',
      }),
    }),
  });

  builder.queryField('updateContactPreview', (t) =>
    t.field({
      type: Preview,
      description:
        `Shows the exact ${method} body updateContact would send for this input, after the same validation and ` +
        'authorization, or the same userErrors, without sending anything to SFMC.',
      args: { input: t.arg({ type: UpdateContactInputRef, required: true, description: 'The update to preview.' }) },
      resolve: (_root, args, ctx) => {
        const { body, userErrors } = checkedUpdate(ctx, args.input);
        return userErrors.length > 0 ? { body: null, userErrors } : { body, userErrors };
      },
    }),
  );
}

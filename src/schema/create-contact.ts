import { describeEndpoint } from '../sfmc/endpoints.js';
import type { Builder } from './builder.js';
import type { registerCreateContactInput } from './contact-input.js';
import { resolveContactWrite, type ContactWritePayloadValue } from './contact-write.js';
import type { registerUpdateContact } from './update-contact.js';

type CreateContactInputRef = ReturnType<typeof registerCreateContactInput>;
type PayloadFields = ReturnType<typeof registerUpdateContact>['payloadFields'];

/**
 * `createContact` and its payload: one new contact, sent to SFMC through the request's
 * ContactsSource as an update is, after SFMC's create rules (`src/translate/create-rules.ts`).
 */
export function registerCreateContact(builder: Builder, CreateContactInput: CreateContactInputRef, payloadFields: PayloadFields) {
  const CreateContactPayload = builder.objectRef<ContactWritePayloadValue>('CreateContactPayload').implement({
    description:
      "The result of createContact, mapped from SFMC's response; its fields read as UpdateContactPayload's, the update " +
      'being this create. isNewContactKey says whether SFMC made a new contact.',
    fields: payloadFields,
  });

  builder.mutationField('createContact', (t) =>
    t.field({
      type: CreateContactPayload,
      description:
        `Creates one contact in SFMC (\`${describeEndpoint('createContact')}\`). SFMC's create rules are checked before ` +
        'sending: at least one channel group, the groups and attributes each group needs with it (Email Addresses with ' +
        'Email Demographics, HTML Enabled, the MobileConnect locale, the MobilePush application, both LINE groups with ' +
        'LINE Demographics) and one row per group; every refusal comes back at once as INVALID with its userErrors. ' +
        "SFMC's logical failures (such as a key that exists) come back as FAIL with messages. An UNKNOWN outcome is " +
        'settled by reading the key back. Self-service callers create only their own contact.',
      args: {
        input: t.arg({ type: CreateContactInput, required: true, description: 'The new contact: its key and groups.' }),
      },
      resolve: (_root, args, ctx) => resolveContactWrite(ctx, args.input, 'create'),
    }),
  );
}

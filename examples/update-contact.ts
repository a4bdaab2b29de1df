/**
 * Saves two edits of the emulator's seeded contact the way a frontend would, and prints what the page would do:
 *
 *   npm start                          # in one terminal: the service against the emulator
 *   npm run example                    # in another (or: npx tsx examples/update-contact.ts [GRAPHQL_URL])
 *   npm run example -- --trusted-documents   # against a service started with TRUSTED_DOCUMENTS (the example's manifest)
 */
import { createContactsClient, saveContact, type SaveResult } from './contact-client.js';

const args = process.argv.slice(2);
const url = args.find((arg) => !arg.startsWith('--')) ?? process.env.GRAPHQL_URL ?? 'http://127.0.0.1:4000/graphql';
// --trusted-documents: the service runs with TRUSTED_DOCUMENTS=examples/__generated__/persisted-documents.json.
const client = createContactsClient(url, () => process.env.GRAPHQL_TOKEN, {
  trustedDocuments: args.includes('--trusted-documents'),
});

function show(edit: string, result: SaveResult): void {
  if (result.saved) {
    const name = result.contact?.emailDemographics;
    console.log(`${edit}: saved. SFMC now holds ${name?.firstName ?? ''} ${name?.lastName ?? ''} (request ${result.requestId}).`);
  } else {
    const where = result.field ? ` ${result.field}` : '';
    const retry = result.retryable ? ', offer "Try again"' : '';
    console.log(
      `${edit}: not saved (${result.reason})${where}: ${result.message.replace(/\.?$/, '.')} Keep the edits on screen${retry}.`,
    );
  }
}

show(
  'rename',
  await saveContact(client, {
    contactKey: 'acruz@example.com',
    emailDemographics: { firstName: 'Angela', lastName: 'Cruz-Lopez' },
  }),
);
show(
  'new email address',
  await saveContact(client, {
    contactKey: 'acruz@example.com',
    emailAddresses: [{ emailAddress: 'angela.cruz(at)example.com', htmlEnabled: true }],
  }),
);

/**
 * What GraphiQL opens with: SFMC's documented example request of
 * `PATCH /contacts/v1/contacts` as the updateContact mutation, ready to run against the
 * emulator's seeded contact, and the same input as a preview query.
 */
export const SEED_VARIABLES = {
  input: {
    contactKey: 'acruz@example.com',
    contactId: '12345678',
    emailAddresses: [{ emailAddress: 'acruz@example.com', htmlEnabled: true }],
    emailDemographics: {
      lastName: 'Cruz',
      firstName: 'Angela',
      extraAttributes: [
        { name: 'Text Profile Attribute', value: 'value 1' },
        { name: 'Number Profile Attribute', value: 12345 },
      ],
    },
    mobileConnectDemographics: [{ mobileNumber: '555-555-5555' }],
    mobilePushDemographics: [{ deviceId: '958405948', application: '958405948' }],
    groupConnectLineAddresses: [{ addressId: 'addressId_from_api' }],
    groupConnectLineSubscriptions: [{ addressId: 'addressId_from_api', channelId: '1234567890' }],
    groupConnectLineDemographics: [
      {
        addressId: 'addressId_from_api',
        displayName: 'display_name',
        pictureUrl: 'picture_url',
        statusMessage: 'status_message',
      },
    ],
  },
};

/**
 * A JSON value as a GraphQL input literal, indented: GraphiQL's default tabs
 * cannot carry variables, so the example's input is written inline.
 */
function literal(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + literal(v, inner)).join('\n')}\n${indent}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value).map(([k, v]) => `${inner}${k}: ${literal(v, inner)}`);
    return `{\n${fields.join('\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

const seedInput = literal(SEED_VARIABLES.input, '  ');

const SEED_MUTATION = `# The seed request of PATCH /contacts/v1/contacts as GraphQL.
# Press the run button: the emulator updates contact acruz@example.com.
mutation UpdateContactFromSeed {
  updateContact(input: ${seedInput}) {
    operationStatus
    rowsAffected
    contactKey
    contactId
    isNewContactKey
    hasErrors
    messages { resultType resultClass resultCode message }
    requestServiceMessageId
    serviceMessageId
    requestId
  }
}
`;

const SEED_PREVIEW = `# The exact PATCH body updateContact would send for this input. Nothing is sent.
query PreviewSeedUpdate {
  updateContactPreview(input: ${seedInput}) {
    method
    path
    json
  }
}
`;

export const GRAPHIQL_TABS = [{ query: SEED_MUTATION }, { query: SEED_PREVIEW }];

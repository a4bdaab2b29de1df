/**
 * SFMC calls per user action: realistic journeys run against the service with its built-in emulator, counted in the
 * emulator's call log (token requests apart), beside the minimum possible and a naive layer that makes one SFMC call
 * per resolver (computed from the journey's shape). `npm run bench -- --scenarios-only` prints the table alone; the
 * full benchmark prints it too.
 */
import { SignJWT } from 'jose';
import { request } from 'undici';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/observability/logger.js';
import { startService, type Service } from '../src/service.js';

const JWT_SECRET = 'scenarios-shared-secret-of-32-bytes-or-more';
const ISSUER = 'https://idp.scenarios';
const AUDIENCE = 'contacts-graph';
const TOKEN_PATH = '/v2/token';

interface Row {
  action: string;
  measured: number | undefined;
  minimum: number;
  naive: number;
  note: string;
}

interface Journey {
  action: string;
  /** Extra environment, e.g. the read cache on. */
  env?: Record<string, string>;
  /** SFMC calls the journey cannot do without, and the naive layer's (one per resolver that reads or writes). */
  minimum: number;
  naive: number;
  note: string;
  /** A mutation field the journey needs, which another change may not have added yet: skipped with a note until then. */
  needs?: string;
  run(client: Client): Promise<void>;
}

interface Client {
  /** As the contact `contactKey` (a self-service token), or as an admin (a back office, a gateway) when undefined. */
  post(query: string, contactKey?: string): Promise<void>;
}

const token = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(JWT_SECRET));

function clientOf(service: Service): Client {
  return {
    async post(query, contactKey) {
      const claims = contactKey === undefined ? { sub: 'scenarios-admin', scope: 'contacts:write' } : { sub: contactKey };
      const response = await request(`${service.app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(claims)}` },
        body: JSON.stringify({ query }),
      });
      const text = await response.body.text();
      const body = JSON.parse(text) as { errors?: { message: string }[] };
      const where = `(in ${query.slice(0, 60).replace(/\s+/g, ' ')}…)`;
      if (body.errors?.length) throw new Error(`${body.errors[0]?.message} ${where}`);
      // A write that did not apply would make the count meaningless: the journeys select operationStatus.
      const notApplied = /"operationStatus":"(?!OK")([A-Z_]+)"/.exec(text);
      if (notApplied) throw new Error(`a write ended ${notApplied[1]} ${where}`);
    },
  };
}

const VISITOR = 'acruz@example.com';
const ME_THREE_GROUPS = `{ me { contactKey emailAddresses { emailAddress } emailDemographics { firstName lastName }
  mobileConnectDemographics { mobileNumber } } }`;
const save = (firstName: string) =>
  `mutation { updateContact(input: { contactKey: "${VISITOR}", emailDemographics: { firstName: "${firstName}" } }) { operationStatus } }`;

async function preferenceCenterVisit(client: Client): Promise<void> {
  await client.post(ME_THREE_GROUPS, VISITOR);
  await client.post(save('Ana'), VISITOR);
  await client.post(save('Ana María'), VISITOR);
  await client.post(ME_THREE_GROUPS, VISITOR);
}

const GATEWAY_CONTACTS = 200;
const GATEWAY_REQUESTS = 5;
const BULK_CONTACTS = 50;
const PER_CALL = 50;

const JOURNEYS: Journey[] = [
  {
    action: 'preference-center visit: `me` (3 groups), save twice, reload',
    // The first read, two writes; the reload can be answered without SFMC (the read cache).
    minimum: 3,
    // Each group field of `me` a read of its own, twice; each save one write.
    naive: 3 + 2 + 3,
    note: 'read cache off (default): the reload asks SFMC again',
    run: preferenceCenterVisit,
  },
  {
    action: 'preference-center visit, read cache on',
    env: { SFMC_READ_CACHE_TTL_SECONDS: '60' },
    minimum: 3,
    naive: 3 + 2 + 3,
    note: '`SFMC_READ_CACHE_TTL_SECONDS=60`: the saves update the cached contact, the reload is answered from it',
    run: preferenceCenterVisit,
  },
  {
    action: 'sign-up: create, then read back',
    minimum: 2,
    // The create; the read-back's two group fields, one read each.
    naive: 1 + 2,
    note: '`createContact`, then `contact` with two groups',
    needs: 'createContact',
    async run(client) {
      const key = 'signup@example.com';
      await client.post(
        `mutation { createContact(input: { contactKey: "${key}", emailAddresses: [{ emailAddress: "${key}", htmlEnabled: true }],
          emailDemographics: { firstName: "Sam" } }) { operationStatus } }`,
      );
      await client.post(`{ contact(contactKey: "${key}") { emailAddresses { emailAddress } emailDemographics { firstName } } }`);
    },
  },
  {
    action: `gateway batch: ${GATEWAY_CONTACTS} contacts across ${GATEWAY_REQUESTS} concurrent requests`,
    minimum: Math.ceil(GATEWAY_CONTACTS / PER_CALL),
    naive: GATEWAY_CONTACTS,
    note: '`_entities`, 40 distinct contacts per request; one search per 50 contacts whatever the number of requests',
    async run(client) {
      const per = GATEWAY_CONTACTS / GATEWAY_REQUESTS;
      await Promise.all(
        Array.from({ length: GATEWAY_REQUESTS }, (_, r) => {
          const representations = Array.from(
            { length: per },
            (_, i) => `{ __typename: "Contact", contactKey: "gateway-${r * per + i}@example.com" }`,
          );
          return client.post(
            `{ _entities(representations: [${representations.join(', ')}]) { ... on Contact { contactKey emailDemographics { firstName } } } }`,
          );
        }),
      );
    },
  },
  {
    action: `bulk update of ${BULK_CONTACTS} contacts`,
    // SFMC's PATCH takes one contact and it has no synchronous batch write: one call per contact is the floor.
    minimum: BULK_CONTACTS,
    naive: BULK_CONTACTS,
    note: '`updateContacts`, one input per contact; SFMC has no batch PATCH, so one call each is the floor',
    needs: 'updateContacts',
    async run(client) {
      const inputs = Array.from(
        { length: BULK_CONTACTS },
        (_, i) => `{ contactKey: "bulk-${i}@example.com", emailDemographics: { firstName: "Bulk ${i}" } }`,
      );
      await client.post(`mutation { updateContacts(inputs: [${inputs.join(', ')}]) { results { operationStatus } } }`);
    },
  },
];

/** One journey on a service of its own (nothing cached from another), counted in its emulator's call log. */
async function measure(journey: Journey): Promise<Row> {
  const row = { action: journey.action, measured: undefined, minimum: journey.minimum, naive: journey.naive, note: journey.note };
  const config = loadConfig({
    AUTH_JWT_SECRET: JWT_SECRET,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    LOG_LEVEL: 'error',
    METRICS: 'off',
    ...journey.env,
  });
  const service = await startService({ ...config, port: 0, host: '127.0.0.1' }, { logger: createLogger('error', () => {}) });
  try {
    if (journey.needs && !new RegExp(`\\b${journey.needs}\\(`).test(service.app.sdl)) {
      return { ...row, note: `skipped: the schema has no \`${journey.needs}\` yet (${journey.note})` };
    }
    const emulator = service.emulator!;
    // Contacts the journeys write without creating them first exist once written, as with SFMC's upsert.
    emulator.setOptions({ unknownContact: 'create' });
    emulator.calls.length = 0;
    await journey.run(clientOf(service));
    const calls = emulator.calls.filter((call) => !call.path.startsWith(TOKEN_PATH)).length;
    return { ...row, measured: calls };
  } catch (error) {
    return { ...row, note: `failed: ${(error as Error).message}` };
  } finally {
    await service.close();
  }
}

/** What the table counts, for the report. */
export const SCENARIOS_ABOUT =
  "Each journey on a fresh service with its built-in emulator (default settings unless named), counted in the emulator's " +
  'call log, token requests apart. Minimum: the calls the journey cannot do without. Naive: a layer making one SFMC call ' +
  'per resolver that reads or writes (each group field of a contact a read of its own), computed.';

/** The calls-per-action table, as Markdown. */
export async function scenarioTable(): Promise<string> {
  const rows: Row[] = [];
  for (const journey of JOURNEYS) rows.push(await measure(journey));
  return [
    '| user action | SFMC calls measured | minimum possible | naive layer (one call per resolver) | |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.action} | ${r.measured ?? '–'} | ${r.minimum} | ${r.naive} | ${r.note} |`),
  ].join('\n');
}

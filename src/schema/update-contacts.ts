import type { UserError } from '../errors.js';
import { describeEndpoint } from '../sfmc/endpoints.js';
import { MAX_UPDATES_PER_BATCH } from '../sfmc/update-batch.js';
import type { OperationStatus, UpdateContactResult } from '../translate/update-result.js';
import type { Builder, RequestContext } from './builder.js';
import type { registerContact } from './contact.js';
import type { registerContactInput } from './contact-input.js';
import { readContact } from './read-contact.js';
import { prepareWrite } from './contact-write.js';
import type { registerUpdateContact } from './update-contact.js';
import type { registerUserError } from './user-error.js';

type ContactRef = ReturnType<typeof registerContact>;
type UpdateContactInputRef = ReturnType<typeof registerContactInput>;
type UserErrorRef = ReturnType<typeof registerUserError>;
type UpdateContactRefs = ReturnType<typeof registerUpdateContact>;

/** One item of the batch's payload: its outcome and its place in the input list. */
type ItemValue = UpdateContactResult & { index: number };

type Counts = Record<OperationStatus, number>;

interface PayloadValue {
  results: ItemValue[];
  counts: Counts;
  userErrors: UserError[];
  requestId: string;
}

/** A refusal of the whole batch, at `inputs`: nothing sent. */
const refused = (requestId: string, userError: Omit<UserError, 'field'>): PayloadValue => ({
  results: [],
  counts: countOf([]),
  userErrors: [{ field: ['inputs'], ...userError }],
  requestId,
});

function countOf(results: readonly UpdateContactResult[]): Counts {
  const counts: Counts = { OK: 0, FAIL: 0, UNKNOWN: 0, INVALID: 0, NOT_SENT: 0 };
  for (const result of results) counts[result.operationStatus] += 1;
  return counts;
}

/** An item's user errors at their place in the list: `["inputs", "3", …]` rather than `["input", …]`. */
function atIndex(result: UpdateContactResult, index: number): ItemValue {
  const userErrors = result.userErrors.map((e) => ({ ...e, field: ['inputs', String(index), ...e.field.slice(1)] }));
  return { ...result, userErrors, index };
}

/** The request's outcome for its log line: the one status every item has, or MIXED. */
function outcomeOf(counts: Counts): string {
  const present = Object.entries(counts).filter(([, n]) => n > 0);
  return present.length === 1 ? (present[0]?.[0] as string) : 'MIXED';
}

/** Whether the caller may update any contact: an admin, or anyone where caller authentication is off. */
const updatesAnyContact = (ctx: RequestContext) => ctx.caller.kind === 'anonymous' || ctx.caller.admin;

/** `updateContacts`: many contacts in one request, an outcome per contact (SFMC has no atomic batch). */
export function registerUpdateContacts(
  builder: Builder,
  UpdateContactInput: UpdateContactInputRef,
  Contact: ContactRef,
  UserError: UserErrorRef,
  { OperationStatus, OutcomeVerification, ResultMessage }: UpdateContactRefs,
) {
  const Item = builder.objectRef<ItemValue>('UpdateContactsResult').implement({
    description: "One input's outcome in updateContacts, in input order.",
    fields: (t) => ({
      index: t.exposeInt('index', { description: 'The place of the input in `inputs`, from 0.' }),
      operationStatus: t.field({
        type: OperationStatus,
        resolve: (r) => r.operationStatus,
        description: 'OK, FAIL, UNKNOWN, INVALID or NOT_SENT, as for updateContact; NOT_SENT: not applied, send it again later.',
      }),
      verification: t.field({
        type: OutcomeVerification,
        nullable: true,
        resolve: (r) => r.verification ?? null,
        description: 'How operationStatus is known (SFMC_RESPONSE or READ_BACK); null when SFMC gave no outcome.',
      }),
      retryable: t.exposeBoolean('retryable', {
        description: 'Whether sending this input again is safe and may succeed (UNKNOWN, NOT_SENT).',
      }),
      userErrors: t.field({
        type: [UserError],
        resolve: (r) => r.userErrors,
        description: 'Every problem of this input found before sending, at ["inputs", index, …]; empty unless INVALID.',
      }),
      messages: t.field({
        type: [ResultMessage],
        resolve: (r) => r.messages,
        description: "SFMC's result messages (why a FAIL failed), or this service's note on an UNKNOWN or NOT_SENT outcome.",
      }),
      contactKey: t.exposeString('contactKey', {
        nullable: true,
        description:
          "The contact key the update was for (SFMC's answer, or the input's when not sent); null when INVALID or UNKNOWN.",
      }),
      requestId: t.exposeString('requestId', {
        description: "The id of the request that settled this item: an earlier one's when replayed under an Idempotency-Key.",
      }),
      contact: t.field({
        type: Contact,
        nullable: true,
        description:
          "The contact as SFMC holds it after the batch (every item's contact read in one batched call). Null when " +
          'the key is not known (INVALID, UNKNOWN), the update was NOT_SENT, or SFMC has no such contact.',
        resolve: (r, _args, ctx, info) =>
          r.contactKey === null || r.operationStatus === 'NOT_SENT' ? null : readContact(ctx, r.contactKey, info),
      }),
    }),
  });

  const Counts = builder.objectRef<Counts>('UpdateContactsCounts').implement({
    description: 'How many items of updateContacts ended with each operationStatus.',
    fields: (t) => ({
      ok: t.int({ resolve: (c) => c.OK, description: 'Items SFMC applied (OK).' }),
      fail: t.int({ resolve: (c) => c.FAIL, description: 'Items SFMC refused (FAIL).' }),
      unknown: t.int({ resolve: (c) => c.UNKNOWN, description: 'Items whose outcome cannot be known (UNKNOWN).' }),
      invalid: t.int({ resolve: (c) => c.INVALID, description: 'Items refused before sending (INVALID).' }),
      notSent: t.int({ resolve: (c) => c.NOT_SENT, description: 'Items not sent, or not processed by SFMC (NOT_SENT).' }),
    }),
  });

  const Payload = builder.objectRef<PayloadValue>('UpdateContactsPayload').implement({
    description: 'The outcome of updateContacts: one result per input, in input order, and how many ended each way.',
    fields: (t) => ({
      results: t.field({ type: [Item], resolve: (p) => p.results, description: 'One per input, in input order.' }),
      counts: t.field({ type: Counts, resolve: (p) => p.counts, description: 'How many results have each operationStatus.' }),
      userErrors: t.field({
        type: [UserError],
        resolve: (p) => p.userErrors,
        description:
          'Why the whole batch was refused before anything was sent (TOO_MANY_UPDATES, NOT_ALLOWED), at ["inputs"]; ' +
          "then results is empty. An input's own problems are in its result.",
      }),
      requestId: t.exposeString('requestId', { description: "This service's id for the request." }),
    }),
  });

  builder.mutationField('updateContacts', (t) =>
    t.field({
      type: Payload,
      description:
        `Updates many contacts, one \`${describeEndpoint('updateContact')}\` per contact, at most ` +
        `${MAX_UPDATES_PER_BATCH} per request; admin callers only. SFMC has no atomic batch: each contact ends on its ` +
        'own (never all-or-nothing), one result per input in input order. Invalid inputs are refused without a call ' +
        '(INVALID) and the others are sent; after UPSTREAM_AUTH_FAILED or while the circuit breaker is open, the rest ' +
        'are NOT_SENT. At most half of SFMC_MAX_CONCURRENCY of one batch are in flight at once. With an ' +
        'Idempotency-Key, a resend sends only the items not final (UNKNOWN, NOT_SENT) and answers the others as they were.',
      args: {
        inputs: t.arg({
          type: [UpdateContactInput],
          required: true,
          description: `The updates, at most ${MAX_UPDATES_PER_BATCH}; each input's clientMutationId is ignored.`,
        }),
      },
      resolve: async (_root, { inputs }, ctx) => {
        if (!updatesAnyContact(ctx)) {
          ctx.log.outcome = 'INVALID';
          const message = 'updateContacts is for admin callers; update your own contact with updateContact';
          return refused(ctx.requestId, { code: 'NOT_ALLOWED', message });
        }
        if (inputs.length > MAX_UPDATES_PER_BATCH) {
          ctx.log.outcome = 'INVALID';
          const message = `at most ${MAX_UPDATES_PER_BATCH} updates per request; ${inputs.length} were given`;
          return refused(ctx.requestId, { code: 'TOO_MANY_UPDATES', message });
        }
        const outcomes = await ctx.updates.run(inputs.map((input) => prepareWrite(ctx, input, 'update')));
        const counts = countOf(outcomes);
        ctx.log.outcome = outcomeOf(counts);
        return { results: outcomes.map(atIndex), counts, userErrors: [], requestId: ctx.requestId };
      },
    }),
  );
}

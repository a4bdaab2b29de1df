import type { Catalog } from '../catalog/index.js';
import type { UserError } from '../errors.js';
import { describeEndpoint } from '../sfmc/endpoints.js';
import { findEvent, translateEventData, type JourneyEventDataInput } from '../translate/journey-entry.js';
import { entryOutcome, type EnterJourneyResult } from '../translate/journey-result.js';
import { MAX_USER_ERRORS } from '../translate/patch-body.js';
import type { Builder } from './builder.js';
import type { registerContact } from './contact.js';
import { registerEnterJourneys } from './enter-journeys.js';
import { registerJourneyEventTypes } from './journey-event-types.js';
import { registerJourneyMemberships } from './journey-memberships.js';
import { entryReportFields, failedEntry, refusals } from './journey-outcome.js';
import type { registerUpdateContact } from './update-contact.js';
import type { registerUserError } from './user-error.js';

type ContactRef = ReturnType<typeof registerContact>;
type UserErrorRef = ReturnType<typeof registerUserError>;
type OutcomeRefs = ReturnType<typeof registerUpdateContact>;

/**
 * Journeys, typed from the tenant's API event definitions: `Contact.journeyMemberships` (admin
 * callers), and, when the tenant model allows at least one event, `enterJourney` and
 * `enterJourneys`. GraphQL has no input unions, so `JourneyEventData` holds one optional field per
 * allowed event, each typed by the event's fields: the field of the chosen `event` must be the
 * one given (WRONG_EVENT otherwise). The mutation stays one, its input stable as events are allowed.
 */
export function registerJourneys(
  builder: Builder,
  catalog: Catalog,
  Contact: ContactRef,
  UserError: UserErrorRef,
  outcome: OutcomeRefs,
) {
  registerJourneyMemberships(builder, Contact);
  if (catalog.events.length > 0) registerJourneyEntry(builder, catalog, UserError, outcome);
}

interface EnterJourneyInput {
  event: string;
  contactKey?: string | null | undefined;
  data: JourneyEventDataInput;
}

function registerJourneyEntry(
  builder: Builder,
  catalog: Catalog,
  UserError: UserErrorRef,
  { OperationStatus, ResultMessage }: OutcomeRefs,
) {
  const { JourneyEvent, JourneyEventData } = registerJourneyEventTypes(builder, catalog);

  const EnterJourneyInputRef = builder.inputRef<EnterJourneyInput>('EnterJourneyInput').implement({
    description: 'One contact entering the journeys of an API event.',
    fields: (t) => ({
      event: t.field({ type: JourneyEvent, required: true, description: 'The event to fire.' }),
      contactKey: t.string({
        description: "The contact to enter: default the caller's own; a self-service caller may give only its own.",
      }),
      data: t.field({ type: JourneyEventData, required: true, description: "The event's data, in the event's field." }),
    }),
  });

  const EnterJourneyPayload = builder.objectRef<EnterJourneyResult>('EnterJourneyPayload').implement({
    description: 'The result of enterJourney.',
    fields: (t) => ({
      operationStatus: t.field({
        type: OperationStatus,
        resolve: (r) => r.operationStatus,
        description:
          'OK: SFMC accepted the entry (eventInstanceId). FAIL: SFMC refused it (unknown event, inactive contact, data ' +
          'it does not accept; messages say why). UNKNOWN: the answer was lost; it may have entered (not retryable). ' +
          'INVALID: refused before sending (userErrors).',
      }),
      event: t.field({ type: JourneyEvent, resolve: (r) => r.event, description: 'The event fired.' }),
      contactKey: t.exposeString('contactKey', {
        nullable: true,
        description: 'The contact entered (null when none was given).',
      }),
      eventInstanceId: t.exposeString('eventInstanceId', { nullable: true, description: "SFMC's id of this entry (OK only)." }),
      retryable: t.exposeBoolean('retryable', {
        description: 'Whether sending it again is safe: never, as a second entry may start the journey twice.',
      }),
      ...entryReportFields(t, { ResultMessage, UserError }),
    }),
  });

  builder.mutationField('enterJourney', (t) =>
    t.field({
      type: EnterJourneyPayload,
      description: `Enters one contact into the journeys of an API event (\`${describeEndpoint('fireEvent')}\`).`,
      args: { input: t.arg({ type: EnterJourneyInputRef, required: true, description: 'The event, the contact and its data.' }) },
      resolve: async (_root, { input }, ctx): Promise<EnterJourneyResult> => {
        const event = findEvent(ctx.catalog, input.event);
        if (event === undefined) throw new Error(`event "${input.event}" is not in the catalog`);
        const contactKey = input.contactKey ?? (ctx.caller.kind === 'user' ? ctx.caller.contactKey : undefined);
        const keyProblems: UserError[] =
          contactKey === undefined
            ? [{ field: ['input', 'contactKey'], code: 'REQUIRED', message: 'give the contact to enter' }]
            : refusals(ctx, contactKey, ['input', 'contactKey']);
        const { data, problems } = translateEventData(event, ctx.catalog, input.data, ['input', 'data']);
        const base = { event: event.key, contactKey: contactKey ?? null, requestId: ctx.requestId };
        const userErrors = [...keyProblems, ...problems].slice(0, MAX_USER_ERRORS);
        if (userErrors.length > 0 || contactKey === undefined) {
          ctx.log.outcome = 'INVALID';
          return { ...base, ...entryOutcome.invalid(userErrors) };
        }
        try {
          const answer = await ctx.journeys.fireEvent({ ContactKey: contactKey, EventDefinitionKey: event.key, Data: data });
          ctx.log.outcome = 'OK';
          return { ...base, ...entryOutcome.entered(answer) };
        } catch (error) {
          const result = { ...base, ...failedEntry(error, ctx.requestId) };
          ctx.log.outcome = result.operationStatus;
          return result;
        }
      },
    }),
  );

  registerEnterJourneys(builder, { JourneyEvent, JourneyEventData, UserError, OperationStatus, ResultMessage });
}

import type { Catalog, CatalogEvent, CatalogEventField } from '../catalog/index.js';
import { serviceError, type UserError } from '../errors.js';
import { describeEndpoint } from '../sfmc/endpoints.js';
import { SfmcError } from '../sfmc/sfmc-error.js';
import {
  contactKeyProblems,
  findEvent,
  membersProblems,
  translateEventData,
  type EventData,
  type JourneyEventDataInput,
} from '../translate/journey-entry.js';
import {
  entryOutcome,
  memberResults,
  type EnterJourneyResult,
  type EnterJourneysResult,
  type JourneyMemberResult,
  type JourneyMembership,
} from '../translate/journey-result.js';
import { MAX_USER_ERRORS } from '../translate/patch-body.js';
import type { Builder, RequestContext } from './builder.js';
import type { registerContact } from './contact.js';
import type { registerUpdateContact } from './update-contact.js';
import { fromSfmc, upstreamError } from './upstream-error.js';
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

/** Admin callers (and anyone with AUTH_MODE=off) may see which journeys any contact is in. */
const mayReadMemberships = (ctx: RequestContext) => ctx.caller.kind === 'anonymous' || ctx.caller.admin;

function registerJourneyMemberships(builder: Builder, Contact: ContactRef) {
  const JourneyMembershipRef = builder.objectRef<JourneyMembership>('JourneyMembership').implement({
    description: 'A journey (by its definition key and version) a contact is in.',
    fields: (t) => ({
      journeyKey: t.exposeString('journeyKey', { description: "The journey's definition key in Journey Builder." }),
      version: t.exposeInt('version', { nullable: true, description: 'The version of the journey the contact is in.' }),
    }),
  });

  builder.objectField(Contact, 'journeyMemberships', (t) =>
    t.field({
      type: [JourneyMembershipRef],
      description:
        `The journeys the contact is in (\`${describeEndpoint('contactMembership')}\`, one call per 50 contacts of the ` +
        'request). Admin callers only: FORBIDDEN otherwise.',
      resolve: (contact, _args, ctx) => {
        if (!mayReadMemberships(ctx)) throw serviceError('FORBIDDEN', 'Journey memberships are read by admin callers only.');
        return fromSfmc(ctx.requestId, ctx.journeys.journeyMemberships(contact.contactKey));
      },
    }),
  );
}

interface EnterJourneyInput {
  event: string;
  contactKey?: string | null | undefined;
  data: JourneyEventDataInput;
}

interface EnterJourneysInput {
  event: string;
  members: readonly { contactKey: string; data: JourneyEventDataInput }[];
}

const scalarOf = (field: CatalogEventField) =>
  field.dataType === 'Number'
    ? 'Int'
    : field.dataType === 'Decimal'
      ? 'Float'
      : field.dataType === 'Boolean'
        ? 'Boolean'
        : 'String';

/** The caller's refusals for entering `contactKey` (someone else's, for a self-service caller), at `field`. */
function refusals(ctx: RequestContext, contactKey: string, field: string[]): UserError[] {
  return [
    ...contactKeyProblems(contactKey, field),
    ...ctx.auth.authorizeUpdate(ctx.caller, { body: { contactKey, attributeSets: [] }, pathOf: () => field }),
  ];
}

/** An SFMC failure of an entry: SFMC's 400 is a FAIL with its message, a lost answer UNKNOWN; anything else a GraphQL error. */
function failedEntry(error: unknown, requestId: string) {
  if (!(error instanceof SfmcError)) throw error;
  if (error.failure === 'OUTCOME_UNKNOWN') return entryOutcome.unknown();
  if (error.failure === 'UPSTREAM_REJECTED' && error.details.status === 400) {
    return entryOutcome.refused(error.message, error.details.sfmcErrorCode);
  }
  throw upstreamError(error, requestId);
}

function registerJourneyEntry(
  builder: Builder,
  catalog: Catalog,
  UserError: UserErrorRef,
  { OperationStatus, ResultMessage }: OutcomeRefs,
) {
  const JourneyEvent = builder.enumType('JourneyEvent', {
    description: 'The API events frontends may fire ("allowed": true in the tenant model), each entering its journeys.',
    values: Object.fromEntries(
      catalog.events.map((e) => [
        e.enumValue,
        { value: e.key, description: `"${e.sfmcName}" (event definition key "${e.key}").` },
      ]),
    ),
  });

  const eventData = (event: CatalogEvent) =>
    builder.inputRef<Record<string, unknown>>(event.inputTypeName).implement({
      description: event.description,
      fields: (t) =>
        Object.fromEntries(
          event.fields.map((f) => [
            f.graphqlName,
            t.field({ type: scalarOf(f), required: f.required, description: f.description }),
          ]),
        ),
    });

  const JourneyEventData = builder.inputRef<JourneyEventDataInput>('JourneyEventData').implement({
    description:
      "The data of one event: give exactly the field of the input's `event` (one field per allowed event, as GraphQL " +
      'has no input unions); another is refused (WRONG_EVENT).',
    fields: (t) =>
      Object.fromEntries(catalog.events.map((e) => [e.graphqlName, t.field({ type: eventData(e), description: e.description })])),
  });

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
      messages: t.field({
        type: [ResultMessage],
        resolve: (r) => r.messages,
        description: "SFMC's reason for a FAIL, or this service's note.",
      }),
      userErrors: t.field({
        type: [UserError],
        resolve: (r) => r.userErrors,
        description: 'Every problem of the input; empty unless INVALID.',
      }),
      requestId: t.exposeString('requestId', { description: "This service's id for the request." }),
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

  const JourneyMemberInput = builder.inputRef<EnterJourneysInput['members'][number]>('JourneyMemberInput').implement({
    description: 'One contact of enterJourneys.',
    fields: (t) => ({
      contactKey: t.string({ required: true, description: 'The contact to enter.' }),
      data: t.field({ type: JourneyEventData, required: true, description: "The contact's data, in the event's field." }),
    }),
  });

  const EnterJourneysInputRef = builder.inputRef<EnterJourneysInput>('EnterJourneysInput').implement({
    description: 'Up to 100 contacts entering the journeys of one API event, queued by SFMC.',
    fields: (t) => ({
      event: t.field({ type: JourneyEvent, required: true, description: 'The event to fire.' }),
      members: t.field({ type: [JourneyMemberInput], required: true, description: 'The contacts (1 to 100) and their data.' }),
    }),
  });

  const JourneyEntryStatus = builder.enumType('JourneyEntryStatus', {
    description: 'Whether SFMC queued one member of enterJourneys.',
    values: {
      QUEUED: { description: 'SFMC queued the entry (eventInstanceId).' },
      NOT_QUEUED: { description: 'SFMC did not queue it; message says why. Nothing was entered for this member.' },
    } as const,
  });

  const JourneyMemberResultRef = builder.objectRef<JourneyMemberResult>('JourneyMemberResult').implement({
    description: 'What SFMC did with one member of enterJourneys.',
    fields: (t) => ({
      contactKey: t.exposeString('contactKey', { description: 'The member, as sent.' }),
      status: t.field({ type: JourneyEntryStatus, resolve: (r) => r.status, description: 'QUEUED or NOT_QUEUED.' }),
      eventInstanceId: t.exposeString('eventInstanceId', { nullable: true, description: "SFMC's id of the entry, when queued." }),
      message: t.exposeString('message', { nullable: true, description: "SFMC's reason, when not queued." }),
    }),
  });

  const EnterJourneysPayload = builder.objectRef<EnterJourneysResult>('EnterJourneysPayload').implement({
    description: 'The result of enterJourneys: one result per member, in the order sent.',
    fields: (t) => ({
      operationStatus: t.field({
        type: OperationStatus,
        resolve: (r) => r.operationStatus,
        description:
          'OK: SFMC took the request (each result says whether its member was queued). FAIL: SFMC refused all of it. ' +
          'UNKNOWN: the answer was lost (not retryable). INVALID: refused before sending (userErrors).',
      }),
      event: t.field({ type: JourneyEvent, resolve: (r) => r.event, description: 'The event fired.' }),
      sfmcRequestId: t.exposeString('sfmcRequestId', { nullable: true, description: "SFMC's id of the queued request." }),
      results: t.field({ type: [JourneyMemberResultRef], resolve: (r) => r.results, description: 'One per member when OK.' }),
      retryable: t.exposeBoolean('retryable', {
        description: 'Whether sending it again is safe: never (members may enter twice).',
      }),
      messages: t.field({
        type: [ResultMessage],
        resolve: (r) => r.messages,
        description: "SFMC's reason for a FAIL, or this service's note.",
      }),
      userErrors: t.field({
        type: [UserError],
        resolve: (r) => r.userErrors,
        description: 'Every problem of the input; empty unless INVALID.',
      }),
      requestId: t.exposeString('requestId', { description: "This service's id for the request." }),
    }),
  });

  builder.mutationField('enterJourneys', (t) =>
    t.field({
      type: EnterJourneysPayload,
      description:
        `Enters up to 100 contacts into the journeys of an API event, queued (\`${describeEndpoint('fireEvents')}\`). ` +
        'For admin callers: a self-service caller may list only its own contact key.',
      args: { input: t.arg({ type: EnterJourneysInputRef, required: true, description: 'The event and its members.' }) },
      resolve: async (_root, { input }, ctx): Promise<EnterJourneysResult> => {
        const event = findEvent(ctx.catalog, input.event);
        if (event === undefined) throw new Error(`event "${input.event}" is not in the catalog`);
        const userErrors = membersProblems(input.members, ['input', 'members']);
        const members: { contactKey: string; data: EventData }[] = [];
        if (userErrors.length === 0) {
          input.members.forEach((member, i) => {
            const at = ['input', 'members', String(i)];
            const { data, problems } = translateEventData(event, ctx.catalog, member.data, [...at, 'data']);
            userErrors.push(...refusals(ctx, member.contactKey, [...at, 'contactKey']), ...problems);
            members.push({ contactKey: member.contactKey, data });
          });
        }
        const base = { event: event.key, sfmcRequestId: null, results: [], requestId: ctx.requestId };
        if (userErrors.length > 0) {
          ctx.log.outcome = 'INVALID';
          return { ...base, ...entryOutcome.invalid(userErrors.slice(0, MAX_USER_ERRORS)) };
        }
        try {
          const answer = await ctx.journeys.fireEvents({ eventDefinitionKey: event.key, members });
          ctx.log.outcome = 'OK';
          const { eventInstanceId: _none, ...ok } = entryOutcome.entered(answer);
          return {
            ...base,
            ...ok,
            ...memberResults(
              answer,
              members.map((m) => m.contactKey),
            ),
          };
        } catch (error) {
          const { eventInstanceId: _none, ...failed } = failedEntry(error, ctx.requestId);
          ctx.log.outcome = failed.operationStatus;
          return { ...base, ...failed };
        }
      },
    }),
  );
}

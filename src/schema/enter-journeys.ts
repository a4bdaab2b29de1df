import { describeEndpoint } from '../sfmc/endpoints.js';
import {
  findEvent,
  membersProblems,
  translateEventData,
  type EventData,
  type JourneyEventDataInput,
} from '../translate/journey-entry.js';
import { entryOutcome, memberResults, type EnterJourneysResult, type JourneyMemberResult } from '../translate/journey-result.js';
import { MAX_USER_ERRORS } from '../translate/patch-body.js';
import type { Builder } from './builder.js';
import type { registerJourneyEventTypes } from './journey-event-types.js';
import { entryReportFields, failedEntry, refusals } from './journey-outcome.js';
import type { registerUpdateContact } from './update-contact.js';
import type { registerUserError } from './user-error.js';

type OutcomeRefs = Pick<ReturnType<typeof registerUpdateContact>, 'OperationStatus' | 'ResultMessage'>;

/** The types enterJourneys shares with enterJourney. */
type JourneyRefs = OutcomeRefs &
  ReturnType<typeof registerJourneyEventTypes> & { UserError: ReturnType<typeof registerUserError> };

interface EnterJourneysInput {
  event: string;
  members: readonly { contactKey: string; data: JourneyEventDataInput }[];
}

/** `enterJourneys`: up to 100 contacts entering one event's journeys through SFMC's queued entry, a result per member. */
export function registerEnterJourneys(
  builder: Builder,
  { JourneyEvent, JourneyEventData, UserError, OperationStatus, ResultMessage }: JourneyRefs,
) {
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
      ...entryReportFields(t, { ResultMessage, UserError }),
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

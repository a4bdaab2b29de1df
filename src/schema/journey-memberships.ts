import { serviceError } from '../errors.js';
import { describeEndpoint } from '../sfmc/endpoints.js';
import type { JourneyMembership } from '../translate/journey-result.js';
import type { Builder, RequestContext } from './builder.js';
import type { registerContact } from './contact.js';
import { fromSfmc } from './upstream-error.js';

type ContactRef = ReturnType<typeof registerContact>;

/** Admin callers (and anyone with AUTH_MODE=off) may see which journeys any contact is in. */
const mayReadMemberships = (ctx: RequestContext) => ctx.caller.kind === 'anonymous' || ctx.caller.admin;

/** `Contact.journeyMemberships`, through the request's JourneysSource (one call per 50 contacts). */
export function registerJourneyMemberships(builder: Builder, Contact: ContactRef) {
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

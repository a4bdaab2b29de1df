import type { UserError } from '../errors.js';
import { describeEndpoint } from '../sfmc/endpoints.js';
import type { ContactRecord } from '../translate/contact-read.js';
import { invalidConsentInput } from '../translate/consent-result.js';
import { trackingOptOutProblems, type TrackingOptOutResult } from '../translate/tracking-preferences.js';
import type { Builder, RequestContext } from './builder.js';
import type { registerContact } from './contact.js';
import { consentOutcomeFields, logged, sentToSfmc, type OutcomeRefs } from './consent-outcome.js';
import { readContact } from './read-contact.js';
import { fromSfmc } from './upstream-error.js';

type ContactRef = ReturnType<typeof registerContact>;

const CONTACT_KEY = ['input', 'contactKey'];

/**
 * Whether the caller may change this contact's consent: updateContact's rule (admins any contact,
 * self-service callers their own, anonymous only with AUTH_MODE=off), refused at the key.
 */
function authorizeConsent(ctx: RequestContext, contactKey: string): UserError[] {
  return ctx.auth.authorizeUpdate(ctx.caller, { body: { contactKey, attributeSets: [] }, pathOf: () => CONTACT_KEY });
}

/** `Contact.trackingOptOut` and `setTrackingOptOut`: SFMC's contact preference, by contact id. */
export function registerTrackingOptOut(builder: Builder, Contact: ContactRef, refs: OutcomeRefs) {
  builder.objectFields(Contact, (t) => ({
    trackingOptOut: t.boolean({
      nullable: true,
      description:
        `Whether the contact opted out of tracking (SFMC's hasOptedOutTracking, \`${describeEndpoint('searchPreferences')}\`, ` +
        'one call for every contact of the request); null when SFMC holds no preference for the contact.',
      resolve: (contact: ContactRecord, _args, ctx) =>
        contact.contactId === null ? null : fromSfmc(ctx.requestId, ctx.consent.trackingOptOut(contact.contactId)),
    }),
  }));

  const SetTrackingOptOutInput = builder.inputType('SetTrackingOptOutInput', {
    description: "Whose tracking opt-out to set, and to what. A self-service caller may set only their own contact's.",
    fields: (t) => ({
      contactKey: t.string({ required: true, description: 'The contact key of the contact.' }),
      optOut: t.boolean({ required: true, description: 'True: do not track this contact; false: tracking is allowed.' }),
    }),
  });

  const SetTrackingOptOutPayload = builder.objectRef<TrackingOptOutResult>('SetTrackingOptOutPayload').implement({
    description: "The result of setTrackingOptOut, mapped from SFMC's answer.",
    fields: (t) => ({
      ...consentOutcomeFields(t, refs),
      contactKey: t.exposeString('contactKey', { nullable: true, description: 'The contact key whose preference was set.' }),
      trackingOptOut: t.exposeBoolean('trackingOptOut', {
        nullable: true,
        description: 'The opt-out SFMC holds now (OK only); null when not known.',
      }),
      contact: t.field({
        type: Contact,
        nullable: true,
        description: 'The contact after the change (with its id, so client caches update every view of it); null unless OK.',
        resolve: (r, _args, ctx, info) =>
          r.operationStatus !== 'OK' || r.contactKey === null ? null : readContact(ctx, r.contactKey, info),
      }),
    }),
  });

  builder.mutationField('setTrackingOptOut', (t) =>
    t.field({
      type: SetTrackingOptOutPayload,
      description:
        `Sets whether SFMC may track one contact (\`${describeEndpoint('updatePreferences')}\`), by the contact id its ` +
        'attributes search reads (an unknown key creates nothing: INVALID with UNKNOWN_CONTACT). A lost answer is read back.',
      args: { input: t.arg({ type: SetTrackingOptOutInput, required: true, description: 'The contact and the opt-out.' }) },
      resolve: async (_root, { input }, ctx) => {
        const userErrors = [...trackingOptOutProblems(input), ...authorizeConsent(ctx, input.contactKey)];
        const invalid = (errors: UserError[]) =>
          logged(ctx, { ...invalidConsentInput(ctx.requestId, errors), contactKey: null, trackingOptOut: null });
        if (userErrors.length > 0) return invalid(userErrors);
        const result = await sentToSfmc(ctx, ctx.consent.setTrackingOptOut(input));
        if (result !== null) return logged(ctx, result);
        return invalid([{ field: CONTACT_KEY, code: 'UNKNOWN_CONTACT', message: 'no contact has this key' }]);
      },
    }),
  );
}

import { describeEndpoint } from '../sfmc/endpoints.js';
import type { ContactRecord } from '../translate/contact-read.js';
import { invalidConsentInput } from '../translate/consent-result.js';
import {
  MOBILE_NUMBER_DIGITS,
  translateSmsOptIn,
  type SmsOptInNumberResult,
  type SmsOptInResult,
  type SmsSubscription,
} from '../translate/sms-consent.js';
import type { Builder } from './builder.js';
import type { registerContact } from './contact.js';
import { consentOutcomeFields, logged, sentToSfmc, type OutcomeRefs } from './consent-outcome.js';
import { fromSfmc } from './upstream-error.js';

type ContactRef = ReturnType<typeof registerContact>;

/** `Contact.smsSubscriptions` and `requestSmsOptIn`: MobileConnect consent, by subscriber key (the contact key). */
export function registerSmsConsent(builder: Builder, Contact: ContactRef, refs: OutcomeRefs) {
  const SmsSubscriptionRef = builder.objectRef<SmsSubscription>('SmsSubscription').implement({
    description: 'One SMS program (short code and keyword) a mobile number of the contact is subscribed to.',
    fields: (t) => ({
      shortCode: t.exposeString('shortCode', { description: 'The short (or long) code the program sends from.' }),
      keyword: t.exposeString('keyword', { description: 'The keyword of the program, e.g. "JOIN".' }),
      mobileNumber: t.exposeString('mobileNumber', { description: 'The subscribed number, digits with the country code.' }),
      optedInAt: t.exposeString('optedInAt', {
        nullable: true,
        description: "When the number opted in, as SFMC reports it (the tenant's local time, no offset).",
      }),
    }),
  });

  builder.objectFields(Contact, (t) => ({
    smsSubscriptions: t.field({
      type: [SmsSubscriptionRef],
      description:
        `The contact's SMS subscriptions (\`${describeEndpoint('searchSmsSubscriptions')}\` by subscriber key, one call ` +
        'for up to 500 contacts of the request); empty when there are none. A double opt-in shows once confirmed by SMS.',
      resolve: (contact: ContactRecord, _args, ctx) => fromSfmc(ctx.requestId, ctx.consent.smsSubscriptions(contact.contactKey)),
    }),
  }));

  const SmsOptInStatus = builder.enumType('SmsOptInStatus', {
    description: 'What became of one number of an opt-in request.',
    values: {
      PENDING_CONFIRMATION: {
        description: 'The confirmation SMS is queued: the number is subscribed once the person replies to it.',
      },
      NOT_QUEUED: { description: 'SFMC did not queue the confirmation; reason says why.' },
    } as const,
  });

  const SmsOptInNumber = builder.objectRef<SmsOptInNumberResult>('SmsOptInNumberResult').implement({
    description: 'The outcome of an opt-in request for one mobile number.',
    fields: (t) => ({
      mobileNumber: t.exposeString('mobileNumber', { description: 'The number as sent: digits with the country code.' }),
      status: t.field({ type: SmsOptInStatus, resolve: (r) => r.status, description: 'Queued or not.' }),
      reason: t.exposeString('reason', { nullable: true, description: "SFMC's result when not queued; null when queued." }),
      identifier: t.exposeString('identifier', { nullable: true, description: "SFMC's id of the queued message." }),
    }),
  });

  const RequestSmsOptInInput = builder.inputType('RequestSmsOptInInput', {
    description:
      "A web form's SMS opt-in: SFMC texts the number a confirmation (double opt-in) for the program's short code and " +
      "keyword. A self-service caller's number is subscribed under their own contact key.",
    fields: (t) => ({
      mobileNumber: t.string({
        required: true,
        description: `The mobile number, country code first: ${MOBILE_NUMBER_DIGITS.min} to ${MOBILE_NUMBER_DIGITS.max} digits; spaces, dashes, dots, parentheses and a leading + are dropped.`,
      }),
      shortCode: t.string({ required: true, description: "The program's short (or long) code, digits." }),
      keyword: t.string({ required: true, description: 'The program\'s opt-in keyword, e.g. "JOIN".' }),
    }),
  });

  const RequestSmsOptInPayload = builder.objectRef<SmsOptInResult>('RequestSmsOptInPayload').implement({
    description: "The result of requestSmsOptIn, mapped from SFMC's answer.",
    fields: (t) => ({
      ...consentOutcomeFields(t, refs),
      results: t.field({
        type: [SmsOptInNumber],
        resolve: (r) => r.results,
        description:
          'One per number sent (OK: PENDING_CONFIRMATION; FAIL: NOT_QUEUED with a reason); empty unless SFMC answered.',
      }),
    }),
  });

  builder.mutationField('requestSmsOptIn', (t) =>
    t.field({
      type: RequestSmsOptInPayload,
      description:
        `Starts an SMS double opt-in (\`${describeEndpoint('queueSmsMo')}\` with the keyword as the message): the person ` +
        'confirms by replying to the SMS. The number, short code and keyword are checked before sending (INVALID).',
      args: { input: t.arg({ type: RequestSmsOptInInput, required: true, description: 'The number and the program.' }) },
      resolve: async (_root, { input }, ctx) => {
        const { caller } = ctx;
        // A self-service caller's number becomes theirs; admins and AUTH_MODE=off send the number alone.
        const subscriberKey = caller.kind === 'user' && !caller.admin ? caller.contactKey : undefined;
        const { body, userErrors } = translateSmsOptIn(input, subscriberKey);
        if (userErrors.length > 0) return logged(ctx, { ...invalidConsentInput(ctx.requestId, userErrors), results: [] });
        return logged(ctx, await sentToSfmc(ctx, ctx.consent.requestSmsOptIn(body)));
      },
    }),
  );
}

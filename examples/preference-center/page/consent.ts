/**
 * The consent controls: "Do not track me" and an SMS opt-in, as docs/frontend.md's preference-center
 * table describes them. Both read through `me` (one SFMC call per kind) and change through their own
 * mutations; every outcome is answered in the words the table gives.
 */
import type { GraphQLClient } from 'graphql-request';

/** The SMS program this page offers (a real page takes its own from its configuration). */
export const SMS_PROGRAM = { shortCode: '86288', keyword: 'JOIN' } as const;

export interface Consent {
  trackingOptOut: boolean | null;
  smsSubscriptions: { shortCode: string; keyword: string; mobileNumber: string }[];
}

interface UserError {
  field: string[];
  code: string;
  message: string;
}

interface Outcome {
  operationStatus: 'OK' | 'FAIL' | 'UNKNOWN' | 'INVALID';
  retryable: boolean;
  userErrors: UserError[];
  messages: { message: string | null }[];
  requestId: string;
}

export interface TrackingOutcome extends Outcome {
  trackingOptOut: boolean | null;
}

export interface SmsOptInOutcome extends Outcome {
  results: { mobileNumber: string; status: 'PENDING_CONFIRMATION' | 'NOT_QUEUED'; reason: string | null }[];
}

const OUTCOME = 'operationStatus retryable userErrors { field code message } messages { message } requestId';

const CONSENT_QUERY = /* GraphQL */ `
  query PreferenceCenterConsent {
    me { id trackingOptOut smsSubscriptions { shortCode keyword mobileNumber } }
  }
`;

const SET_TRACKING = /* GraphQL */ `
  mutation PreferenceCenterSetTrackingOptOut($input: SetTrackingOptOutInput!) {
    setTrackingOptOut(input: $input) { ${OUTCOME} trackingOptOut }
  }
`;

const REQUEST_SMS = /* GraphQL */ `
  mutation PreferenceCenterRequestSmsOptIn($input: RequestSmsOptInInput!) {
    requestSmsOptIn(input: $input) { ${OUTCOME} results { mobileNumber status reason } }
  }
`;

export async function loadConsent(client: GraphQLClient): Promise<Consent | null> {
  const { me } = await client.request<{ me: Consent | null }>(CONSENT_QUERY);
  return me;
}

export async function setTrackingOptOut(client: GraphQLClient, contactKey: string, optOut: boolean): Promise<TrackingOutcome> {
  const answer = await client.request<{ setTrackingOptOut: TrackingOutcome }>(SET_TRACKING, { input: { contactKey, optOut } });
  return answer.setTrackingOptOut;
}

export async function requestSmsOptIn(client: GraphQLClient, mobileNumber: string): Promise<SmsOptInOutcome> {
  const answer = await client.request<{ requestSmsOptIn: SmsOptInOutcome }>(REQUEST_SMS, {
    input: { mobileNumber, ...SMS_PROGRAM },
  });
  return answer.requestSmsOptIn;
}

/** What the page says for an outcome, as docs/frontend.md's table says it. */
export function trackingText(outcome: TrackingOutcome): string {
  switch (outcome.operationStatus) {
    case 'OK':
      return outcome.trackingOptOut ? 'We will not track you.' : 'Tracking is allowed.';
    case 'UNKNOWN':
      return 'We could not confirm the change. Please try again.';
    case 'INVALID':
      return outcome.userErrors.map((e) => e.message).join(' ');
    default:
      return `Marketing Cloud refused the change. ${outcome.messages.map((m) => m.message ?? '').join(' ')}`.trim();
  }
}

export function smsText(outcome: SmsOptInOutcome): string {
  const result = outcome.results[0];
  switch (outcome.operationStatus) {
    case 'OK':
      return 'We sent you a text: reply to it to confirm.';
    case 'FAIL':
      return `We could not text that number${result?.reason ? ` (${result.reason})` : ''}.`;
    case 'UNKNOWN':
      return 'We could not confirm that the text was sent. Try again if it does not arrive.';
    default:
      return outcome.userErrors.map((e) => e.message).join(' ');
  }
}

import { randomUUID } from 'node:crypto';
import { responseDateTime } from './local-time.js';

/**
 * The fields that close a successful Contacts-service response (every route sends them), in
 * SFMC's order. Only some routes send `responseDateTime`: pass `at` for those.
 */
export function serviceEnvelope(at?: Date) {
  return {
    requestServiceMessageID: randomUUID(),
    ...(at === undefined ? {} : { responseDateTime: responseDateTime(at) }),
    resultMessages: [],
    serviceMessageID: randomUUID(),
  };
}

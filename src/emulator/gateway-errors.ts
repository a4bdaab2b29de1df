import { STATUS_CODES } from 'node:http';
import type { JsonReply } from './http-json.js';

/**
 * SFMC's REST gateway errors: a non-200 status with `{message, errorcode,
 * documentation}`, as SFMC documents them. Logical PATCH failures are not these: they are
 * HTTP 200 with `operationStatus: FAIL`.
 */

const DOCUMENTATION = 'https://developer.salesforce.com/docs/atlas.en-us.mc-apis.meta/mc-apis/error-handling.htm';

const gatewayError = (status: number, message: string, errorcode: number): JsonReply => ({
  status,
  body: { message, errorcode, documentation: DOCUMENTATION },
});

/** Key order as captured from the live service, which differs from the other errors. */
export const notAuthorized = (): JsonReply => ({
  status: 401,
  body: { documentation: DOCUMENTATION, errorcode: 0, message: 'Not Authorized' },
});

export const invalidDataType = (): JsonReply => gatewayError(400, 'Invalid Data Type', 10001);
export const missingRequiredField = (): JsonReply => gatewayError(400, 'Missing Required Field', 10002);
export const invalidMessageFormat = (): JsonReply => gatewayError(400, 'Invalid Message Format', 10004);
export const invalidValue = (): JsonReply => gatewayError(400, 'Invalid Value', 10005);
export const invalidOperation = (): JsonReply => gatewayError(400, 'Invalid Operation', 30001);
export const objectNotFound = (): JsonReply => gatewayError(404, 'Object Not Found', 30003);
export const payloadTooLarge = (): JsonReply => ({
  ...gatewayError(413, 'Request Entity Too Large', 0),
  // The rest of an oversized body is never read, so the connection cannot be reused.
  headers: { connection: 'close' },
});
export const unsupportedMediaType = (): JsonReply => gatewayError(415, 'Unsupported Media Type', 0);
export const internalServerError = (): JsonReply => gatewayError(500, 'Internal Server Error', 0);
/** Any status in the gateway's shape, for injected faults; a redirect has no body. */
export const statusError = (status: number): JsonReply =>
  status >= 300 && status < 400 ? { status } : gatewayError(status, STATUS_CODES[status] ?? 'Error', 0);

import { USER_ERROR_CODES, type UserError, type UserErrorCode } from '../errors.js';
import type { Builder } from './builder.js';

/** `UserError` and its closed `UserErrorCode` enum: an input's problems, as data next to the payload. */
export function registerUserError(builder: Builder) {
  const UserErrorCodeRef = builder.enumType('UserErrorCode', {
    description: 'What is wrong with one field of the input. Closed: a frontend can map each code to its own words.',
    values: Object.fromEntries(Object.entries(USER_ERROR_CODES).map(([code, description]) => [code, { description }])) as Record<
      UserErrorCode,
      { description: string }
    >,
  });

  return builder.objectRef<UserError>('UserError').implement({
    description:
      'A problem of the input found before anything was sent to SFMC. Every problem is reported at once; ' +
      'nothing is sent while there is one.',
    fields: (t) => ({
      field: t.exposeStringList('field', {
        description:
          'The path of the field inside the arguments, list indexes as strings: ["input", "emailAddresses", "0", "emailAddress"].',
      }),
      code: t.field({ type: UserErrorCodeRef, resolve: (e) => e.code, description: 'What is wrong, as a closed code.' }),
      message: t.exposeString('message', {
        description: 'What is wrong, in English, for next to the field, e.g. "must be an email address".',
      }),
    }),
  });
}

/** Caller authentication (bearer JWTs) and authorization (own contact, allow-listed attributes). */
export {
  resolveAuthConfig,
  type AuthConfig,
  type AuthConfigResult,
  type AuthMode,
  type AuthVariables,
  type JwtAlgorithm,
  type JwtSettings,
  type JwtVariables,
  type TokenKeys,
} from './auth-config.js';
export { AuthError, AUTH_ERROR_STATUS, type AuthErrorCode } from './auth-error.js';
export { authorizeRead, authorizeUpdate, canReadContact, type ContactWrite } from './authorize-update.js';
export { ANONYMOUS_CALLER, type Caller } from './caller.js';
export { createCallerAuthenticator, type CallerAuthenticator, type JwksFetchOptions } from './verify-bearer.js';
export { DEFAULT_SELF_SERVICE_WRITABLE, type WritableAttributes } from './writable-attributes.js';

import { ENDPOINT_NAMES, ENDPOINTS, type EndpointName } from '../sfmc/endpoints.js';

/**
 * The emulator's SFMC routes: the service's endpoint table (`src/sfmc/endpoints.ts`),
 * so the emulator serves, and injects faults into, exactly the calls the client makes.
 */

/** Lenient about case and a trailing slash, as SFMC's own docs spell routes both ways. */
export const routeKey = (pathname: string): string => pathname.replace(/(.)\/$/, '$1').toLowerCase();

/** The endpoint a request is for (`routePath` as `routeKey` gives it), or undefined. */
export function endpointAt(method: string, routePath: string): EndpointName | undefined {
  return ENDPOINT_NAMES.find((name) => ENDPOINTS[name].method === method && routeKey(ENDPOINTS[name].path) === routePath);
}

/** Whether a path is served under a route with that path (any method): a wrong method is then Invalid Operation. */
export function isKnownRoute(routePath: string): boolean {
  return ENDPOINT_NAMES.some((name) => routeKey(ENDPOINTS[name].path) === routePath);
}

/** First path segments of the REST endpoints (`/contacts/`): SFMC's gateway checks the token under them before routing. */
const REST_PREFIXES = [
  ...new Set(
    ENDPOINT_NAMES.filter((name) => ENDPOINTS[name].host === 'rest').map(
      (name) => `/${routeKey(ENDPOINTS[name].path).split('/')[1]}/`,
    ),
  ),
];

export const needsToken = (routePath: string): boolean => REST_PREFIXES.some((prefix) => routePath.startsWith(prefix));

import type { CORSOptions } from 'graphql-yoga';

/**
 * CORS for the browser origins in CORS_ORIGINS, decided per request: an allowed origin is
 * echoed back exactly; any other origin, `null` included (sandboxed frames, `file:` pages),
 * gets no CORS headers at all. Yoga's list handling answers such an origin with
 * `Access-Control-Allow-Origin: null` and credentials allowed, which an `Origin: null` page
 * then matches. No list: no cross-origin browser access.
 */
export function corsFor(
  origins: readonly string[],
  headers: { allowedHeaders: readonly string[]; exposedHeaders: readonly string[] },
) {
  if (origins.length === 0) return false as const;
  const allowed = new Set(origins);
  return (request: Request): CORSOptions => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.has(origin)) return false;
    return {
      origin: [origin],
      credentials: true,
      methods: ['GET', 'POST'],
      allowedHeaders: [...headers.allowedHeaders],
      exposedHeaders: [...headers.exposedHeaders],
      maxAge: 600,
    };
  };
}

/** What the HTTP server accepts from callers; every limit refuses before anything reaches SFMC. */
export interface HttpSettings {
  maxBodyBytes: number;
  /** Browser origins allowed by CORS; empty: no cross-origin browser access. */
  corsOrigins: string[];
  introspection: boolean;
  hideSuggestions: boolean;
  limits: { maxDepth: number; maxAliases: number; maxTokens: number; maxDirectives: number };
  /** Requests per window: `requests` for self-service and anonymous callers, `adminRequests` for admin (service) callers. */
  rateLimit: { requests: number; adminRequests: number; windowSeconds: number };
  /** Path of a trusted-documents manifest: when set, only its operations run. */
  trustedDocuments?: string;
  /** Node's limit for receiving one whole request (slow clients are cut off). */
  requestTimeoutMs: number;
  /** GraphQL requests one instance holds at once (body being read included); more are refused with OVERLOADED. */
  maxInFlight: number;
  /** Entity representations one operation may ask for, all `_entities` fields together (MAX_ENTITIES). */
  maxEntities: number;
  /** SFMC calls one request may make; reads past it are refused, writes never (SFMC_CALLS_PER_REQUEST). */
  sfmcCallsPerRequest: number;
  /** How long shutdown waits for in-flight requests before it gives up. */
  shutdownTimeoutMs: number;
  /** How long /ready reports unavailable before the server stops accepting (load balancers catch up). */
  shutdownDelayMs: number;
}

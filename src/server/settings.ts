/** What the HTTP server accepts from callers; every limit refuses before anything reaches SFMC. */
export interface HttpSettings {
  maxBodyBytes: number;
  /** Browser origins allowed by CORS; empty: no cross-origin browser access. */
  corsOrigins: string[];
  introspection: boolean;
  hideSuggestions: boolean;
  limits: { maxDepth: number; maxAliases: number; maxTokens: number; maxDirectives: number };
  /**
   * Requests per window: `requests` for self-service and anonymous callers, `adminRequests` for admin (service)
   * callers, `failedRequests` per client address for requests that fail authentication (default `requests`).
   */
  rateLimit: { requests: number; adminRequests: number; failedRequests?: number; windowSeconds: number };
  /** Path of a trusted-documents manifest: when set, only its operations run. */
  trustedDocuments?: string;
  /** Node's limit for receiving one whole request, headers and body (slow clients get 408 and are cut off). */
  requestTimeoutMs: number;
  /** GraphQL requests one instance holds at once, counted once their body has arrived; more are refused with OVERLOADED. */
  maxInFlight: number;
  /** Entity representations one operation may ask for, all `_entities` fields together (MAX_ENTITIES). */
  maxEntities: number;
  /** SFMC calls one request may make; reads past it are refused, writes never (SFMC_CALLS_PER_REQUEST). */
  sfmcCallsPerRequest: number;
  /** Requests from one client address whose body is still arriving; more are refused with RATE_LIMITED. */
  maxReceivingPerAddress: number;
  /**
   * Peers believed about what they forward (`X-Forwarded-For`, `x-request-id`): addresses, CIDRs, `loopback`,
   * `private`. Empty: every peer is the client, and every request id is made here.
   */
  trustedProxies: string[];
  /** How long shutdown waits for in-flight requests before it gives up. */
  shutdownTimeoutMs: number;
  /** How long /ready reports unavailable before the server stops accepting (load balancers catch up). */
  shutdownDelayMs: number;
}

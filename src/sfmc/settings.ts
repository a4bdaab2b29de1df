/** Where and as whom to reach SFMC. */
export interface SfmcCredentials {
  /** Base URL of the auth host, without trailing slash: `https://{subdomain}.auth.marketingcloudapis.com`. */
  authUrl: string;
  clientId: string;
  clientSecret: string;
  accountId?: string;
  scope?: string;
  /** Overrides the token response's `rest_instance_url`. */
  restUrl?: string;
}

/** How to talk to SFMC (or the emulator): the same limits in both modes. */
export interface UpstreamSettings {
  timeouts: {
    connectMs: number;
    headersMs: number;
    bodyMs: number;
    /** One budget per GraphQL request for all its SFMC calls, retries and waits included. */
    deadlineMs: number;
  };
  /** Sockets per SFMC origin. */
  connections: number;
  /** SFMC calls in flight at once (the bulkhead), and how many may wait for a slot. */
  concurrency: { max: number; queue: number };
  /** Retries of one SFMC call, only where SFMC provably did not process it (or for reads). */
  maxRetries: number;
  /** Consecutive upstream faults that open the circuit, and how long it stays open before a trial call. */
  breaker: { failures: number; resetMs: number };
}

/** What an `SfmcClient` is built from. */
export type SfmcConfig = SfmcCredentials & UpstreamSettings;

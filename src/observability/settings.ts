/** Metrics and traces for the platform team. */
export interface ObservabilitySettings {
  metrics: {
    /** Prometheus metrics at `/metrics`. */
    enabled: boolean;
    /** Serve `/metrics` on this port only, off the GraphQL port (keeps it internal); unset: on the GraphQL port. */
    port?: number;
  };
  tracing: {
    /** OpenTelemetry spans exported over OTLP/HTTP. */
    enabled: boolean;
    serviceName: string;
    /** The OTLP/HTTP traces URL (`…/v1/traces`). */
    url: string;
  };
}

/** What a spent daily allowance changes: nothing (`serve-all`), or reads are refused and writes still sent (`refuse-reads`). */
export type BudgetPolicy = 'serve-all' | 'refuse-reads';

/** The tenant's allowance of SFMC calls (SFMC_CALL_ALLOWANCE): `calls` per `per`. */
export interface CallAllowance {
  calls: number;
  per: 'day' | 'year';
}

/** How the SFMC calls the tenant pays for are counted against its allowance (`sfmc-ledger.ts`). */
export interface SfmcUsageSettings {
  /** Unset: calls are counted, nothing is budgeted (no gauge of what is left, no warnings, no policy). */
  allowance?: CallAllowance;
  policy: BudgetPolicy;
}

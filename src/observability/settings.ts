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

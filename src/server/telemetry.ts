import type { TracerProvider } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { ObservabilitySettings } from '../config.js';
import { combineObservers, type SfmcObserver } from '../sfmc/observer.js';
import { Metrics, type MetricsOptions } from './use-metrics.js';
import { Tracing } from './use-tracing.js';

/** Metrics and tracing as configured: given to the SFMC client (`sfmcObserver`) and to the app. */
export interface Telemetry {
  metrics?: Metrics | undefined;
  /** Serve `/metrics` on this port (internal) instead of the GraphQL port. */
  metricsPort?: number | undefined;
  tracing?: Tracing | undefined;
  /** What the SFMC client reports to: the metrics and the tracing, as configured. */
  sfmcObserver: SfmcObserver | undefined;
  /** Exports the spans still buffered and stops the exporter this created, if any. */
  shutdown(): Promise<void>;
}

export interface TelemetryOptions {
  /** Trace with this provider (e.g. an in-memory exporter in tests) instead of OTLP; turns tracing on. */
  tracerProvider?: TracerProvider;
  metrics?: MetricsOptions;
}

/** The OTLP/HTTP exporter, batched, registered process-wide (AsyncLocalStorage context manager, W3C propagator). */
function otlpTracerProvider(tracing: ObservabilitySettings['tracing']): NodeTracerProvider {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': tracing.serviceName }),
    // OTEL_EXPORTER_OTLP_HEADERS (e.g. a vendor's API key) is read by the exporter itself.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracing.url }))],
  });
  provider.register();
  return provider;
}

export function createTelemetry(settings: ObservabilitySettings, options: TelemetryOptions = {}): Telemetry {
  const metrics = settings.metrics.enabled ? new Metrics(options.metrics) : undefined;
  const owned = !options.tracerProvider && settings.tracing.enabled ? otlpTracerProvider(settings.tracing) : undefined;
  const provider = options.tracerProvider ?? owned;
  const tracing = provider ? new Tracing(provider) : undefined;
  return {
    metrics,
    metricsPort: metrics ? settings.metrics.port : undefined,
    tracing,
    sfmcObserver: combineObservers([metrics, tracing]),
    shutdown: async () => {
      await owned?.shutdown();
    },
  };
}

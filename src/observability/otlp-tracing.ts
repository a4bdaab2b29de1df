import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { ObservabilitySettings } from './settings.js';

/** The OTLP/HTTP exporter, batched, registered process-wide (AsyncLocalStorage context manager, W3C propagator). */
export function otlpTracerProvider(tracing: ObservabilitySettings['tracing']): NodeTracerProvider {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': tracing.serviceName }),
    // OTEL_EXPORTER_OTLP_HEADERS (e.g. a vendor's API key) is read by the exporter itself.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracing.url }))],
  });
  provider.register();
  return provider;
}

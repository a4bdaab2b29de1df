import { DiagLogLevel, diag, type DiagLogFunction, type TracerProvider } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { ObservabilitySettings } from '../config.js';
import { combineObservers, type SfmcObserver } from '../sfmc/observer.js';
import { redactText, type Logger } from './logger.js';
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
  /**
   * Exports the spans still buffered and stops the exporter this created, if any: for at most
   * `SHUTDOWN_FLUSH_MS`, and never failing (a collector out of reach is logged, not thrown).
   */
  shutdown(): Promise<void>;
}

/** How long shutdown waits for the last spans to be exported (the OTLP exporter retries for up to 10 s). */
export const SHUTDOWN_FLUSH_MS = 2_000;

export interface TelemetryOptions {
  /** Trace with this provider (e.g. an in-memory exporter in tests) instead of OTLP; turns tracing on. */
  tracerProvider?: TracerProvider;
  metrics?: MetricsOptions;
  /** Where the OpenTelemetry SDK's own warnings go (e.g. spans that could not be exported). */
  logger?: Logger;
}

/** The SDK's warnings and errors as log lines: a collector out of reach would otherwise drop spans silently. */
function logDiagnostics(logger: Logger): void {
  const at =
    (level: 'warn' | 'error'): DiagLogFunction =>
    (message, ...args) =>
      logger.log(level, 'otel', { message: redactText([message, ...args.map(String)].join(' ')) });
  const quiet: DiagLogFunction = () => {};
  diag.setLogger({ error: at('error'), warn: at('warn'), info: quiet, debug: quiet, verbose: quiet }, DiagLogLevel.WARN);
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
  if (owned && options.logger) logDiagnostics(options.logger);
  const provider = options.tracerProvider ?? owned;
  const tracing = provider ? new Tracing(provider) : undefined;
  return {
    metrics,
    metricsPort: metrics ? settings.metrics.port : undefined,
    tracing,
    sfmcObserver: combineObservers([metrics, tracing]),
    shutdown: async () => {
      if (!owned) return;
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`not all were exported within ${SHUTDOWN_FLUSH_MS} ms`), SHUTDOWN_FLUSH_MS);
      });
      const flushed = owned.shutdown().then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      const problem = await Promise.race([flushed, gaveUp]);
      clearTimeout(timer);
      if (problem !== undefined) {
        options.logger?.log('warn', 'otel', { message: redactText(`Spans lost at shutdown: ${problem}`) });
      }
    },
  };
}

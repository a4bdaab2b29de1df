import { DiagLogLevel, diag, type DiagLogFunction, type TracerProvider } from '@opentelemetry/api';
import type { ObservabilitySettings } from './settings.js';
import { combineObservers, type SfmcObserver } from '../sfmc/observer.js';
import { libraryLog, redactText, type Logger } from './logger.js';
import { Metrics, type MetricsOptions } from './metrics.js';
import { Tracing } from './tracing.js';

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
  const at = libraryLog(logger, 'otel');
  const quiet: DiagLogFunction = () => {};
  diag.setLogger({ error: at('error'), warn: at('warn'), info: quiet, debug: quiet, verbose: quiet }, DiagLogLevel.WARN);
}

export async function createTelemetry(settings: ObservabilitySettings, options: TelemetryOptions = {}): Promise<Telemetry> {
  const metrics = settings.metrics.enabled ? new Metrics(options.metrics) : undefined;
  // The OpenTelemetry SDK and exporter are loaded only when tracing is on: otherwise they would hold memory for nothing.
  const owned =
    !options.tracerProvider && settings.tracing.enabled
      ? (await import('./otlp-tracing.js')).otlpTracerProvider(settings.tracing)
      : undefined;
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

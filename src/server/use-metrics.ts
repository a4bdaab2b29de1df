import type { Plugin } from 'graphql-yoga';
import { METRICS_PATH, type Metrics } from '../observability/metrics.js';

/**
 * Serves `/metrics` on the public port, when it has no port of its own (`metricsListener`).
 * Served here rather than by the Yoga Prometheus plugin, whose hooks ran on every request;
 * GraphQL requests are counted by the request scope.
 */
export function useMetrics(metrics: Metrics): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== METRICS_PATH || request.method !== 'GET') return;
      return metrics
        .text()
        .then((text) => endResponse(new fetchAPI.Response(text, { headers: { 'content-type': metrics.registry.contentType } })));
    },
  };
}

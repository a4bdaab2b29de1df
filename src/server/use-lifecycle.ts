import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import type { Lifecycle } from './lifecycle.js';

/**
 * `/ready`: 200 until shutdown begins, then 503 so that load balancers stop sending.
 * Refusing GraphQL requests while draining or full is the request scope's (`useRequestScope`
 * and the hot path both ask `Lifecycle.admit`), so that it holds on both doors.
 */
export function useLifecycle(lifecycle: Lifecycle): Plugin {
  return useReadinessCheck({ endpoint: '/ready', check: () => !lifecycle.draining });
}

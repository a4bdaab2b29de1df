import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import type { StateStore } from '../state/store.js';
import type { Lifecycle } from './lifecycle.js';

/**
 * `/ready`: 200 until shutdown begins, then 503 so that load balancers stop sending. Also 503
 * while a shared state store (Redis) does not answer: the instance still serves, but without
 * shared rate limits and idempotency, so a load balancer should prefer one whose state works.
 * The body says why (`{"ready":false,"reason":…}`). `/health` (Yoga's) stays 200 throughout.
 * Refusing GraphQL requests while draining or full is the request scope's (`useRequestScope`
 * and the hot path both ask `Lifecycle.admit`), so that it holds on both doors.
 */
export function useLifecycle(lifecycle: Lifecycle, state?: StateStore): Plugin {
  return useReadinessCheck({
    endpoint: '/ready',
    check: async ({ fetchAPI }) => {
      const answer = (ready: boolean, reason?: string) =>
        fetchAPI.Response.json(ready ? { ready } : { ready, reason }, {
          status: ready ? 200 : 503,
          headers: { 'cache-control': 'no-store' },
        });
      if (lifecycle.draining) return answer(false, 'shutting down');
      // The memory store always answers: no round trip for it.
      if (state && state.kind !== 'memory' && !(await state.healthy())) return answer(false, 'shared state unavailable');
      return answer(true);
    },
  });
}

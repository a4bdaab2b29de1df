import type { StateSettings } from './settings.js';
import { MemoryStore, type StateObserver, type StateStore } from './store.js';

export { describeRedisUrl, type StateSettings } from './settings.js';
export { MemoryStore, StateUnavailable, type StateObserver, type StateOperation, type StateStore } from './store.js';

/**
 * The store the settings name: Redis when `redisUrl` is set, else this process's memory.
 * A Redis that is down does not stop the service from starting: it degrades, and `/ready`
 * says so until Redis answers.
 */
export async function createStore(settings: StateSettings, observer?: StateObserver): Promise<StateStore> {
  if (settings.redisUrl === undefined) return new MemoryStore();
  // node-redis and its modules are loaded only when Redis is configured.
  const { RedisStore } = await import('./redis-store.js');
  const store = new RedisStore(settings.redisUrl, settings, observer);
  await store.settled();
  return store;
}

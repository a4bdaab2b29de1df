/** Where shared state lives: in this process's memory, or in the Redis at `redisUrl` (`REDIS_*` variables). */
export interface StateSettings {
  /** `redis://` or `rediss://`, credentials included; never logged (see `describeRedisUrl`). Unset: in memory. */
  redisUrl?: string;
  /** The longest any Redis command may take before the caller degrades (`StateUnavailable`). */
  timeoutMs: number;
  /** Prepended to every key, so several deployments can share one Redis. */
  keyPrefix: string;
  /** Whether `/ready` turns 503 while Redis does not answer. */
  readiness: boolean;
}

/** The URL without its user name and password, for logs: `redis://host:port/db`. */
export function describeRedisUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

import { createClient, ErrorReply } from 'redis';
import type { StateSettings } from './settings.js';
import { StateUnavailable, type StateObserver, type StateOperation, type StateStore } from './store.js';

type Client = ReturnType<typeof createClient>;

/** Commands at most queued on one connection; more fail at once rather than pile up behind a slow Redis. */
const MAX_QUEUED_COMMANDS = 10_000;
/** Reconnection waits grow from 50 ms to this, jittered so that instances do not reconnect in step. */
const MAX_RECONNECT_WAIT_MS = 2_000;

class DeadlineMissed extends Error {}

/**
 * The shared store on Redis (node-redis). Every operation races a deadline of `timeoutMs`:
 * node-redis's own command timeout covers only the wait to be sent, not the wait for the
 * answer, so a Redis that accepts but never answers (stopped, partitioned) would otherwise
 * hold a request forever. Commands are never queued while disconnected: they fail at once.
 * A missed deadline replaces the connection (the old one may be stuck with no error to
 * come), and the client reconnects in the background; start-up does not wait for Redis.
 */
export class RedisStore implements StateStore {
  readonly kind = 'redis';
  private client: Client;
  /** Undefined until the first connection attempt settles, so that its outcome is reported either way. */
  private available: boolean | undefined;
  private closed = false;
  private readonly timeoutMs: number;
  private readonly prefix: string;
  /** Connecting happens in the background (requests never wait for it), so it may take longer than a command. */
  private readonly connectTimeoutMs: number;
  /** The URL's password, so that no reason passed on can hold it. */
  private readonly password: string;

  constructor(
    private readonly url: string,
    settings: Pick<StateSettings, 'timeoutMs' | 'keyPrefix'>,
    private readonly observer: StateObserver = {},
  ) {
    this.timeoutMs = settings.timeoutMs;
    this.prefix = settings.keyPrefix;
    this.connectTimeoutMs = Math.max(settings.timeoutMs, 1_000);
    this.password = decodeURIComponent(new URL(url).password);
    this.client = this.connect();
  }

  /** Waits (at most the connect timeout) for the first connection to be ready or fail: start-up goes on either way. */
  async settled(): Promise<void> {
    const client = this.client;
    if (client.isReady) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        client.off('ready', done).off('error', done);
        resolve();
      };
      const timer = setTimeout(done, this.connectTimeoutMs);
      client.on('ready', done).on('error', done);
    });
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.run('get', (c) => c.get(this.prefix + key))) ?? undefined;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.run('setIfAbsent', (c) => c.set(this.prefix + key, value, { PX: ttlMs, NX: true }))) === 'OK';
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.run('set', (c) => c.set(this.prefix + key, value, { PX: ttlMs }));
  }

  async delete(key: string): Promise<void> {
    await this.run('delete', (c) => c.del(this.prefix + key));
  }

  async increment(key: string, ttlMs: number, by = 1): Promise<{ count: number; ttlMs: number }> {
    const k = this.prefix + key;
    // MULTI runs the three at once: create with the window's expiry if absent, count, read what is left.
    const [, count, left] = await this.run('increment', (c) =>
      c.multi().set(k, '0', { PX: ttlMs, NX: true }).incrBy(k, by).pTTL(k).exec(),
    );
    return { count: Number(count), ttlMs: Number(left) > 0 ? Number(left) : ttlMs };
  }

  async healthy(): Promise<boolean> {
    if (!this.client.isReady) return false;
    try {
      await this.run('ping', (c) => c.ping());
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.discard(this.client);
  }

  private connect(): Client {
    const client = createClient({
      url: this.url,
      socket: {
        connectTimeout: this.connectTimeoutMs,
        reconnectStrategy: (retries) =>
          Math.round(Math.min(MAX_RECONNECT_WAIT_MS, 50 * 2 ** retries) * (0.5 + Math.random() / 2)),
      },
      disableOfflineQueue: true,
      commandsQueueMaxLength: MAX_QUEUED_COMMANDS,
      // Redis Enterprise's maintenance mode would stretch command timeouts to 10 s.
      maintNotifications: 'disabled',
    });
    // Without a listener, an 'error' event would crash the process; each one is also a reconnect in progress.
    client.on('error', (error: unknown) => {
      if (client === this.client) this.setAvailable(false, this.reasonOf(error));
    });
    client.on('ready', () => {
      if (client === this.client) this.setAvailable(true);
    });
    // Rejects only once the client is closed: reconnection goes on until then.
    client.connect().catch(() => undefined);
    return client;
  }

  private async run<T>(operation: StateOperation, command: (client: Client) => Promise<T>): Promise<T> {
    const client = this.client;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new DeadlineMissed(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      const result = await Promise.race([command(client), deadline]);
      if (client === this.client) this.setAvailable(true);
      return result;
    } catch (error) {
      const reason = this.reasonOf(error);
      this.observer.onStateError?.(operation);
      // An error reply is Redis answering; anything else means it cannot be reached (the event may not have come yet).
      if (!(error instanceof ErrorReply) && client === this.client) this.setAvailable(false, reason);
      if (error instanceof DeadlineMissed && client === this.client && !this.closed) {
        this.client = this.connect();
        this.discard(client);
      }
      throw new StateUnavailable(operation, reason);
    } finally {
      clearTimeout(timer);
    }
  }

  private discard(client: Client): void {
    try {
      client.destroy();
    } catch {
      // already closed
    }
  }

  private setAvailable(available: boolean, reason?: string): void {
    if (this.closed || available === this.available) return;
    this.available = available;
    this.observer.onStateAvailability?.(available, reason);
  }

  private reasonOf(error: unknown): string {
    const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
    return this.password === '' ? text : text.replaceAll(this.password, '[redacted]');
  }
}

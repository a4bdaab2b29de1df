/**
 * Structured logging: one JSON object per line on stdout. Any field whose name
 * suggests a credential is replaced before it is written, wherever it is nested,
 * so a careless caller cannot leak a token or the client secret.
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, unknown>;

export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
  /** Whether lines of `level` are written: lets a caller skip building one that would be dropped. */
  enabled(level: LogLevel): boolean;
}

const SECRET_KEY = /secret|token|authorization|password|cookie|credential/i;
// In free text (error messages): `token=…`, `secret: …`, `Bearer …`, and long opaque strings such as JWTs.
const SECRET_TEXT =
  /((?:secret|token|password|authorization)\s*[=:]\s*|bearer\s+)[^\s,;"']+|[A-Za-z0-9_-]{32,}(?:\.[A-Za-z0-9_-]+)*/gi;

/** Masks what looks like a credential in free text, for messages that were not written for the log. */
export function redactText(text: string): string {
  return text.replace(SECRET_TEXT, (_match, prefix: string | undefined) => `${prefix ?? ''}[redacted]`);
}

/** Redacts while serialising, in the one pass JSON.stringify makes anyway (no copy of the fields). */
const redactKeys = (key: string, value: unknown): unknown => (key !== '' && SECRET_KEY.test(key) ? '[redacted]' : value);

// The same few keys come in every line: each is judged once. Bounded, since a caller may choose keys.
const keyVerdicts = new Map<string, boolean>();
const REMEMBERED_KEYS = 1_000;

function isSecretKey(key: string): boolean {
  let secret = keyVerdicts.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY.test(key);
    if (keyVerdicts.size >= REMEMBERED_KEYS) keyVerdicts.clear();
    keyVerdicts.set(key, secret);
  }
  return secret;
}

/**
 * Whether every key in `value`, however nested, is plainly not a credential's. A replacer makes JSON.stringify
 * call back into JavaScript for every value of the line; most lines have nothing to redact, and are written
 * without one. Anything this walk cannot vouch for (a `toJSON`, deep nesting, a cycle) goes through the replacer.
 */
function plainlySafe(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (depth > 8 || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!plainlySafe(item, depth + 1)) return false;
    return true;
  }
  for (const key in value) {
    if (isSecretKey(key) || !plainlySafe((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/**
 * Buffers lines for stdout and writes them in one go every few milliseconds (or at
 * 16 KiB): one write, a system call, per line is CPU every request pays under load.
 * `flush()` writes what is pending (main calls it before the process exits).
 */
export function batchedStdout(intervalMs = 20): ((line: string) => void) & { flush(): void } {
  let pending: string[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    size = 0;
    process.stdout.write(text);
  };
  const write = (line: string) => {
    pending.push(line);
    size += line.length;
    if (size >= 16 * 1024) flush();
    else timer ??= setTimeout(flush, intervalMs).unref();
  };
  return Object.assign(write, { flush });
}

export function createLogger(minLevel: LogLevel = 'info', write: (line: string) => void = batchedStdout()): Logger {
  const threshold = LOG_LEVELS.indexOf(minLevel);
  const enabled = (level: LogLevel) => LOG_LEVELS.indexOf(level) >= threshold;
  return {
    enabled,
    log(level, event, fields = {}) {
      if (!enabled(level)) return;
      const line = { time: new Date().toISOString(), level, event, ...fields };
      write(plainlySafe(fields) ? JSON.stringify(line) : JSON.stringify(line, redactKeys));
    },
  };
}

/**
 * A library's log calls (`level(...args)`) as this service's lines: one `event`, the arguments
 * joined and redacted into `message`. A disabled level does nothing, before any text is built.
 */
export function libraryLog(logger: Logger, event: string): (level: LogLevel) => (...args: unknown[]) => void {
  const quiet = () => {};
  return (level) =>
    logger.enabled(level)
      ? (...args) =>
          logger.log(level, event, {
            message: redactText(args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(' ')),
          })
      : quiet;
}

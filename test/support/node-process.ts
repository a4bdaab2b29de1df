import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export type LogLine = Record<string, unknown>;

export interface NodeProcess {
  child: ChildProcess;
  /** The JSON log lines it wrote to stdout, parsed. */
  lines: LogLine[];
  /** The first log line with this event; rejects (with the output) if the process exits before writing it. */
  waitFor(event: string): Promise<LogLine>;
  /** Everything it wrote, stdout and stderr. */
  output(): string;
}

/** A Node.js process of the server (`npm start`'s entry or a built one) with only the environment given. */
export function startNode(args: string[], options: { cwd: string | URL; env: Record<string, string> }): NodeProcess {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let raw = '';
  const waiters: [(line: LogLine) => boolean, (line: LogLine) => void][] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    raw += `${text}\n`;
    const line = JSON.parse(text) as LogLine;
    lines.push(line);
    for (const [match, resolve] of waiters) if (match(line)) resolve(line);
  });
  child.stderr!.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  // 'close' comes after the output is read, unlike 'exit'.
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const waitFor = (event: string) =>
    new Promise<LogLine>((resolve, reject) => {
      const seen = lines.find((l) => l.event === event);
      if (seen) return resolve(seen);
      waiters.push([(l) => l.event === event, resolve]);
      void exited.then(() => reject(new Error(`The process exited (${child.exitCode}) before "${event}":\n${raw}`)));
    });
  return { child, lines, waitFor, output: () => raw };
}

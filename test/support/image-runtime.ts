import { readFileSync } from 'node:fs';

/** How the production image runs the service, read from the Dockerfile: the one place it is written. */
export interface ImageRuntime {
  /** The V8 flags on the image's command line, between `node` and the script. */
  nodeFlags: string[];
  /** The script the image runs, relative to the app folder. */
  script: string;
  /** The image's `NODE_OPTIONS`. */
  nodeOptions: string;
}

/** Reads the runtime stage's `CMD ["node", …flags, script]` and `NODE_OPTIONS=…` from a Dockerfile. */
export function imageRuntime(dockerfile: string | URL = new URL('../../Dockerfile', import.meta.url)): ImageRuntime {
  const text = readFileSync(dockerfile, 'utf8');
  const cmd = [...text.matchAll(/^CMD (\[.*\])$/gm)].at(-1)?.[1];
  const options = [...text.matchAll(/\bNODE_OPTIONS=(\S+)/g)].at(-1)?.[1];
  if (cmd === undefined || options === undefined) throw new Error('The Dockerfile has no CMD [...] or NODE_OPTIONS=');
  const argv = JSON.parse(cmd) as string[];
  if (argv[0] !== 'node' || argv.length < 2) throw new Error(`The Dockerfile's CMD is not "node … script": ${cmd}`);
  return { nodeFlags: argv.slice(1, -1), script: argv.at(-1)!, nodeOptions: options };
}

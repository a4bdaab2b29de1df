import { execSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Debian's Chromium for the browser tests, driven by playwright-core (which downloads no browser):
 * `CHROMIUM_PATH`, else `chromium` on the PATH. CI installs it (.ci/run); where none is found the
 * tests are skipped, loudly.
 */
function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH?.trim();
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  try {
    const found = execSync('command -v chromium', { shell: '/bin/sh', stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return found === '' ? undefined : found;
  } catch {
    return undefined;
  }
}

export const CHROMIUM = findChromium();

/** Says, once per test file, that what it tests was not tested (no Chromium). */
export function warnIfNoChromium(testFile: string, what: string): void {
  if (CHROMIUM) return;
  console.warn(
    `\n*** SKIPPED ${testFile}: no Chromium found (set CHROMIUM_PATH or install Debian's \`chromium\`; .ci/run installs it). ${what} was NOT tested in a browser. ***\n`,
  );
}

export interface Browser {
  context: BrowserContext;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile, flags that keep it from calling out to the internet
 * (this machine's network is closed: background connections fail by the dozen), and `requested`
 * filled with every URL its pages (and their workers) ask for.
 */
export async function launchChromium(options: {
  viewport: { width: number; height: number };
  timeoutMs: number;
  requested: string[];
}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM!,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: options.viewport,
    timeout: options.timeoutMs,
  });
  context.on('request', (r) => options.requested.push(r.url()));
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Where a test's screenshot goes: `test-results/NAME` every run (git-ignored, for looking at a CI
 * failure), and `docs/NAME`, the README's, only when missing or with UPDATE_SCREENSHOTS=1.
 */
export function screenshotPaths(name: string) {
  const latest = join(ROOT, 'test-results', name);
  const readme = join(ROOT, 'docs', name);
  mkdirSync(dirname(latest), { recursive: true });
  return {
    latest,
    /** Copies the run's screenshot to docs/ when that one is missing or UPDATE_SCREENSHOTS=1. */
    keepForReadme: () => {
      if (!existsSync(readme) || process.env.UPDATE_SCREENSHOTS === '1') copyFileSync(latest, readme);
    },
  };
}

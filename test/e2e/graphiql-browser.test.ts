import { execSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

/**
 * GraphiQL in a real browser: Debian's Chromium, driven by playwright-core (no browser download).
 * CI installs Chromium (.ci/run); where none can be found the test is skipped, loudly.
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

const CHROMIUM = findChromium();
if (!CHROMIUM) {
  console.warn(
    "\n*** SKIPPED test/e2e/graphiql-browser.test.ts: no Chromium found (set CHROMIUM_PATH or install Debian's " +
      '`chromium`; .ci/run installs it). GraphiQL was NOT tested in a browser. ***\n',
  );
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The README's screenshot. Kept as committed; rewritten only when missing or with UPDATE_SCREENSHOTS=1. */
const SCREENSHOT = join(ROOT, 'docs', 'graphiql.png');
/** Every run's screenshot, for looking at a CI failure (git-ignored). */
const LATEST = join(ROOT, 'test-results', 'graphiql.png');

// The page is ~9 MB of inline GraphiQL and Monaco: generous timeouts for slow CI machines.
const PAGE_TIMEOUT_MS = 60_000;

describe.skipIf(!CHROMIUM)('GraphiQL in headless Chromium', () => {
  let stack: Stack;
  let context: BrowserContext;
  let profile: string;
  /** Every URL the page (and its workers) requested. */
  const requested: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
    context = await chromium.launchPersistentContext(profile, {
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
      viewport: { width: 1400, height: 900 },
      timeout: PAGE_TIMEOUT_MS,
    });
    context.on('request', (r) => requested.push(r.url()));
  }, 2 * PAGE_TIMEOUT_MS);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await stack?.close();
  });

  it(
    'runs the seed updateContact mutation from the first tab, shows OK, and loads nothing from outside the server',
    async () => {
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(PAGE_TIMEOUT_MS);
      await page.goto(`${stack.app.url}/graphql`, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });

      // The first tab holds the seed mutation; GraphiQL is ready when its run button is.
      await page.locator('.graphiql-query-editor').getByText('UpdateContactFromSeed').first().waitFor();
      const answered = page.waitForResponse((r) => r.url() === `${stack.app.url}/graphql` && r.request().method() === 'POST');
      await page.locator('.graphiql-execute-button').click();

      // What the server answered...
      const response = await answered;
      expect(response.status()).toBe(200);
      const body = (await response.json()) as { data?: { updateContact: Record<string, unknown> }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data?.updateContact).toMatchObject({
        operationStatus: 'OK',
        contactKey: 'acruz@example.com',
        hasErrors: false,
      });
      // ...is what GraphiQL shows.
      const result = page.locator('.graphiql-response');
      await result.getByText('acruz@example.com').first().waitFor();
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, as the person sees it, is what is checked
      expect((await result.innerText()).replace(/\s+/g, ' ')).toContain('"operationStatus": "OK"');
      expect(stack.emulator.getContact('acruz@example.com')?.attributeSets['Email Demographics']?.[0]).toMatchObject({
        'First Name': 'Angela',
        'Last Name': 'Cruz',
      });

      const base = `${stack.app.url}/`;
      const outside = requested.filter((url) => !url.startsWith(base) && !/^(data|blob):/.test(url));
      expect(outside).toEqual([]);
      expect(requested).toContain(`${stack.app.url}/graphql`);

      // For the picture: the query and its result, without the (empty) variables pane.
      await page.getByRole('button', { name: 'Hide editor tools' }).click();
      mkdirSync(join(ROOT, 'test-results'), { recursive: true });
      await page.screenshot({ path: LATEST });
      if (!existsSync(SCREENSHOT) || process.env.UPDATE_SCREENSHOTS === '1') {
        mkdirSync(join(ROOT, 'docs'), { recursive: true });
        copyFileSync(LATEST, SCREENSHOT);
      }
    },
    3 * PAGE_TIMEOUT_MS,
  );
});

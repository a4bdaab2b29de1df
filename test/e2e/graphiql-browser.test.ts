import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, screenshotPaths, warnIfNoChromium, type Browser } from '../support/chromium.js';
import { startStack, type Stack } from '../support/stack.js';

/** GraphiQL in a real browser: Debian's Chromium, driven by playwright-core (no browser download). */
warnIfNoChromium('test/e2e/graphiql-browser.test.ts', 'GraphiQL');
const SCREENSHOT = screenshotPaths('graphiql.png');

// The page is ~9 MB of inline GraphiQL and Monaco: generous timeouts for slow CI machines.
const PAGE_TIMEOUT_MS = 60_000;

describe.skipIf(!CHROMIUM)('GraphiQL in headless Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  /** Every URL the page (and its workers) requested. */
  const requested: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium({ viewport: { width: 1400, height: 900 }, timeoutMs: PAGE_TIMEOUT_MS, requested });
    ({ context } = browser);
  }, 2 * PAGE_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
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
      await page.screenshot({ path: SCREENSHOT.latest });
      SCREENSHOT.keepForReadme();
    },
    3 * PAGE_TIMEOUT_MS,
  );
});

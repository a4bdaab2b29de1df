import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PreferenceCenter, startPreferenceCenter } from '../../examples/preference-center/dev-server.js';
import { createLogger } from '../../src/observability/logger.js';
import { CHROMIUM, launchChromium, screenshotPaths, warnIfNoChromium, type Browser } from '../support/chromium.js';

/**
 * The preference-center example (examples/preference-center/) in a real browser: Debian's Chromium,
 * driven by playwright-core, against the page's own dev server (the service on its emulator, the
 * dev identity provider, the Vite-built page). Each outcome of the README's table, as a person sees it.
 */
warnIfNoChromium('test/e2e/preference-center-browser.test.ts', 'The preference-center page');
const SCREENSHOT = screenshotPaths('preference-center.png');

const PAGE_TIMEOUT_MS = 30_000;
const KEY = 'acruz@example.com';
const FIRST = '#input-emailDemographics-firstName';
const LAST = '#input-emailDemographics-lastName';

describe.skipIf(!CHROMIUM)('the preference-center page in headless Chromium', () => {
  let center: PreferenceCenter;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let graphqlUrl: string;
  /** Every URL the page requested. */
  const requested: string[] = [];
  /** The Idempotency-Key of every POST to the service, in order. */
  const keys: (string | undefined)[] = [];
  const logs: string[] = [];

  const patches = () => center.emulator.callCount('PATCH', '/contacts/v1/contacts');
  const demographics = () => center.emulator.getContact(KEY)?.attributeSets['Email Demographics']?.[0];
  const status = () => page.locator('#status');
  /** Waits for the status line to show this outcome, and returns its text. */
  const outcome = async (name: string) => {
    await page.locator(`#status[data-outcome="${name}"]`).waitFor();
    return (await status().textContent()) ?? '';
  };
  const save = () => page.getByRole('button', { name: 'Save' }).click();

  beforeAll(async () => {
    center = await startPreferenceCenter({ logger: createLogger('warn', (line) => logs.push(line)) });
    graphqlUrl = `${center.service.app.url}/graphql`;
    browser = await launchChromium({ viewport: { width: 900, height: 580 }, timeoutMs: PAGE_TIMEOUT_MS, requested });
    ({ context } = browser);
    context.on('request', (r) => {
      if (r.method() === 'POST' && r.url() === graphqlUrl && (r.postData() ?? '').includes('SaveContact')) {
        keys.push(r.headers()['idempotency-key']);
      }
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await center?.close();
  });

  it('signs in with the dev identity provider and shows the details and the allow-listed fields', async () => {
    await page.goto(center.pageUrl, { waitUntil: 'load' });
    await expect.poll(() => page.inputValue('#contact-key')).toBe(KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(FIRST).waitFor();
    expect(await page.locator('#who').textContent()).toBe(`Signed in as ${KEY}`);
    expect(await page.locator('#details').textContent()).toContain(KEY);
    // AUTH_SELF_SERVICE_WRITABLE's default: first and last name of Email Demographics, nothing else.
    expect(await page.locator('#groups input').count()).toBe(2);
    expect(await page.locator('#groups legend').textContent()).toBe('Email Demographics');
  });

  it('edits two fields, saves, and shows "Saved": SFMC holds both, in one PATCH', async () => {
    const before = patches();
    await page.fill(FIRST, 'Angie');
    await page.fill(LAST, 'Cruz-Lopez');
    await save();
    expect(await outcome('OK')).toMatch(/^Saved\./);
    expect(demographics()).toMatchObject({ 'First Name': 'Angie', 'Last Name': 'Cruz-Lopez' });
    expect(patches()).toBe(before + 1);

    await page.screenshot({ path: SCREENSHOT.latest, fullPage: true });
    SCREENSHOT.keepForReadme();
  });

  it('a bad value: the message next to its field, the edits kept, nothing sent to the emulator', async () => {
    const calls = center.emulator.calls.length;
    await page.fill(FIRST, '   ');
    await page.fill(LAST, 'Cruz');
    await save();
    expect(await outcome('INVALID')).toContain('Nothing was saved');
    expect(await page.locator(`${FIRST}-error`).textContent()).toMatch(/\S/);
    expect(await page.getAttribute(FIRST, 'aria-invalid')).toBe('true');
    expect(await page.locator(`${LAST}-error`).textContent()).toBe('');
    expect(await page.inputValue(FIRST)).toBe('   ');
    expect(await page.inputValue(LAST)).toBe('Cruz');
    expect(center.emulator.calls.length).toBe(calls);
    // Fixing the field clears its message.
    await page.fill(FIRST, 'Angela');
    expect(await page.locator(`${FIRST}-error`).textContent()).toBe('');
  });

  it("SFMC's answer lost after it applied the update: the service reads back, the page says saved, one PATCH", async () => {
    center.emulator.injectFault({ route: 'updateContact', kind: { type: 'reset-after-processing' } });
    const before = patches();
    await save();
    expect(await outcome('OK')).toContain('confirmed by reading your profile back');
    expect(patches()).toBe(before + 1);
    expect(demographics()).toMatchObject({ 'First Name': 'Angela', 'Last Name': 'Cruz' });
  });

  it('UNKNOWN keeps the edits and offers "Try again", which resends the same Idempotency-Key: one PATCH in all', async () => {
    // Applied, but the answer is lost and so is every attempt of the read-back: UNKNOWN.
    center.emulator.injectFault({ route: 'updateContact', kind: { type: 'reset-after-processing' } });
    center.emulator.injectFault({ route: 'searchAttributes', kind: { type: 'status', status: 500 }, times: 3 });
    const before = patches();
    const sent = keys.length;
    await page.fill(FIRST, 'Angelina');
    await save();
    await outcome('UNKNOWN');
    expect(await page.inputValue(FIRST)).toBe('Angelina');
    const tryAgain = page.getByRole('button', { name: 'Try again' });
    expect(await tryAgain.isVisible()).toBe(true);
    await tryAgain.click();
    expect(await outcome('OK')).toMatch(/^Saved/);
    expect(await tryAgain.isVisible()).toBe(false);
    expect(patches()).toBe(before + 1);
    expect(demographics()).toMatchObject({ 'First Name': 'Angelina' });
    const [first, again] = keys.slice(sent);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(again).toBe(first);

    // After a final outcome, the next Save is a new submission with a new key.
    await page.fill(FIRST, 'Angela');
    await save();
    await outcome('OK');
    expect(keys.at(-1)).not.toBe(first);
  });

  it("FAIL: SFMC's messages, the edits kept, nothing to try again", async () => {
    center.emulator.injectFault({
      route: 'updateContact',
      kind: {
        type: 'status',
        status: 200,
        body: {
          operationStatus: 'FAIL',
          rowsAffetcted: 0,
          contactKey: KEY,
          contactId: 12345678,
          contactTypeID: 0,
          isNewContactKey: false,
          requestServiceMessageID: '00000000-0000-4000-8000-000000000001',
          hasErrors: true,
          resultMessages: [
            { resultType: 'Validation', resultClass: 'Error', resultCode: 'AttributeValueInvalid', message: 'Refused by SFMC.' },
          ],
          serviceMessageID: '00000000-0000-4000-8000-000000000002',
        },
      },
    });
    await page.fill(LAST, 'Never');
    await save();
    const text = await outcome('FAIL');
    expect(text).toContain('Refused by SFMC.');
    expect(await page.inputValue(LAST)).toBe('Never');
    expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(false);
    expect(demographics()).toMatchObject({ 'Last Name': 'Cruz' });
  });

  it('a retryable error code (SFMC unavailable) keeps the edits; "Try again" then saves them', async () => {
    center.emulator.injectFault({ route: 'updateContact', kind: { type: 'status', status: 503 } });
    await page.fill(LAST, 'Cruz Ruiz');
    await save();
    expect(await outcome('RETRY')).toContain('Marketing Cloud cannot be reached');
    expect(await page.inputValue(LAST)).toBe('Cruz Ruiz');
    await page.getByRole('button', { name: 'Try again' }).click();
    await outcome('OK');
    expect(demographics()).toMatchObject({ 'Last Name': 'Cruz Ruiz' });
  });

  it('consent: "Do not track me" is set in SFMC; an SMS opt-in checks the number, then queues the confirmation text', async () => {
    const sent = (path: string) => center.emulator.calls.filter((c) => c.method === 'POST' && c.path === path).length;
    expect(await page.isChecked('#tracking-opt-out')).toBe(false);
    expect(await page.locator('#sms-subscriptions').textContent()).toContain('15555555555');
    await page.check('#tracking-opt-out');
    await page.locator('#tracking-status[data-outcome="OK"]').waitFor();
    expect(await page.locator('#tracking-status').textContent()).toBe('We will not track you.');
    expect(await page.isChecked('#tracking-opt-out')).toBe(true);
    expect(sent('/contacts/v1/contacts/preferences')).toBe(1);

    await page.fill('#sms-number', '555-1212');
    await page.getByRole('button', { name: 'Send me a confirmation text' }).click();
    await page.locator('#sms-status[data-outcome="INVALID"]').waitFor();
    expect(await page.locator('#sms-number-error').textContent()).toMatch(/8 to 15 digits/);
    expect(await page.getAttribute('#sms-number', 'aria-invalid')).toBe('true');
    expect(sent('/sms/v1/queueMO')).toBe(0);
    await page.fill('#sms-number', '+1 555 555 1212');
    await page.getByRole('button', { name: 'Send me a confirmation text' }).click();
    await page.locator('#sms-status[data-outcome="OK"]').waitFor();
    expect(await page.locator('#sms-status').textContent()).toBe('We sent you a text: reply to it to confirm.');
    expect(sent('/sms/v1/queueMO')).toBe(1);
  });

  it('loaded nothing from outside loopback', () => {
    const outside = requested.filter((url) => !/^http:\/\/127\.0\.0\.1:\d+\//.test(url) && !/^(data|blob):/.test(url));
    expect(outside).toEqual([]);
    expect(requested).toContain(center.pageUrl);
    expect(requested).toContain(graphqlUrl);
  });
});

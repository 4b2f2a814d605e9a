import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { createUser, payForTrack } from '../support/factories.js';
import { stationId } from '../support/station.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitForStatus } from '../support/track-status.js';
import {
  ADMIN_TOKEN,
  buildWebApp,
  DESKTOP,
  expectAudioAdvancing,
  launchChromium,
  PHONE,
  screenshot,
  watchForProblems,
  WEB_DIST_DIR,
} from './support/browser.js';

const PROMPT = 'Dreamy lo-fi instrumental';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The runbook's "Mock Payment Flow", clicked through as a person would, on the real app. */
describe('Mock payment flow in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let trackId: string;

  const myTrack = () => page.getByTestId('my-track').filter({ hasText: PROMPT });

  beforeAll(async () => {
    buildWebApp();
    t = await startTestApp({
      ROLE: 'all',
      WEB_DIST_DIR,
      ADMIN_TOKEN,
      STATION_ID: stationId(),
      STATION_FALLBACK: 'idle',
      ALLOWED_DURATIONS: '3,30,60',
      MOCK_GENERATION_DELAY_MS: '500',
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP });
    page = await context.newPage();
    problems = watchForProblems(page);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('keeps the display name "Test User" across a reload', async () => {
    await page.goto(t.url);
    await page.getByTestId('display-name-input').fill('Test User');
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect(page.getByTestId('display-name').textContent()).resolves.toBe('Test User');

    await page.reload();
    await page.getByTestId('display-name').waitFor();
    await expect(page.getByTestId('display-name').textContent()).resolves.toBe('Test User');
    await screenshot(page, 'main-empty-1280x800');
  });

  it('shows the 402 payment dialog with the challenge after a price quote', async () => {
    await page.getByLabel('Describe the music').fill(PROMPT);
    await page.getByLabel('Length').selectOption('60');
    await page.getByRole('button', { name: 'Get Price Quote' }).click();
    await page.getByRole('button', { name: 'Submit for $0.70' }).click();

    const dialog = page.getByRole('dialog', { name: 'Pay for your track' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('HTTP 402');
    await expect(dialog.getByTestId('payment-amount').textContent()).resolves.toMatch(
      /0\.70 USDC\s*≈ \$0\.70/,
    );
    await expect(dialog.getByTestId('payment-network').textContent()).resolves.toBe(
      'Base Sepolia (testnet)',
    );
    await expect(dialog.getByTestId('payment-pay-to').getAttribute('title')).resolves.toMatch(
      /^0x[0-9a-fA-F]{40}$/,
    );
    await expect(dialog.getByTestId('payment-expiry').textContent()).resolves.toMatch(/^\d+:\d\d$/);
    trackId = (await dialog.getByTestId('payment-track-id').textContent()) ?? '';
    expect(trackId).toMatch(UUID);
    await screenshot(page, 'payment-dialog-1280x800');
  });

  it('fills the payment proof with base64 when "Generate Mock Payment" is pressed', async () => {
    await page.getByRole('button', { name: 'Generate Mock Payment' }).click();
    const proof = page.getByLabel('Payment proof');
    await page.waitForFunction(
      () => (document.querySelector('#payment-proof') as HTMLTextAreaElement).value.length > 0,
    );

    const value = await proof.inputValue();
    expect(value).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const payload = JSON.parse(Buffer.from(value, 'base64').toString());
    expect(payload).toMatchObject({ x402Version: 2, payload: { signature: expect.any(String) } });
    await screenshot(page, 'payment-dialog-proof-1280x800');
  });

  it('closes the dialog on "Confirm Payment" and shows Generating... then Ready', async () => {
    // Generating can be brief; record every status the list shows, not only the one we catch.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenStatuses: string[] }).seenStatuses = seen;
      const record = () => {
        for (const badge of document.querySelectorAll('[data-testid="my-track-status"]')) {
          const text = badge.textContent?.trim() ?? '';
          if (seen[seen.length - 1] !== text) seen.push(text);
        }
      };
      new MutationObserver(record).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
    });
    await page.getByRole('button', { name: 'Confirm Payment' }).click();

    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect(page.getByTestId('request-notice').textContent()).resolves.toContain(
      'Payment confirmed',
    );
    await myTrack()
      .locator('[data-status="GENERATING"], [data-status="READY"], [data-status="PLAYING"]')
      .waitFor({ timeout: 15_000 });
    await screenshot(page, 'main-generating-1280x800');
    await myTrack()
      .locator('[data-status="READY"], [data-status="PLAYING"]')
      .waitFor({ timeout: 90_000 });

    const seen = await page.evaluate(
      () => (window as unknown as { seenStatuses: string[] }).seenStatuses,
    );
    expect(seen).toContain('Generating...');
    expect(seen.indexOf('Generating...')).toBeLessThan(
      Math.max(seen.indexOf('Ready'), seen.indexOf('Playing')),
    );
  });

  it('plays the track for the listener when the station reaches it', async () => {
    await myTrack().locator('[data-status="PLAYING"]').waitFor({ timeout: 90_000 });
    await expect(page.getByTestId('now-playing-prompt').textContent()).resolves.toBe(PROMPT);
    await expect(page.getByTestId('now-playing-requester').textContent()).resolves.toBe(
      'Test User',
    );

    const { track } = (await request(t.url).get(`/api/queue/${trackId}`).expect(200)).body;
    await expectAudioAdvancing(page, track.audio_url);
    await page.waitForTimeout(500);
    await screenshot(page, 'main-playing-1280x800');
    await screenshot(page, 'main-playing-1280x800-full', true);

    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    await screenshot(page, 'main-playing-390x844');
    await screenshot(page, 'main-playing-390x844-full', true);
    await page.setViewportSize(DESKTOP);
  });

  it('skips to the next track from the admin page', async () => {
    const other = await createUser(t.url, 'Night Owl');
    const next = await payForTrack(t.url, other, 3);
    await waitForStatus(t.url, next.trackId, ['READY'], 60_000);
    await page.getByTestId('up-next').getByText('lofi instrumental', { exact: true }).waitFor();

    const admin = await context.newPage();
    const adminProblems = watchForProblems(admin);
    await admin.goto(`${t.url}/admin`);
    await admin.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await admin.getByRole('button', { name: 'Unlock controls' }).click();
    await admin.getByTestId('admin-controls').waitFor();
    await expect(admin.getByTestId('admin-now-playing').textContent()).resolves.toBe(PROMPT);
    await screenshot(admin, 'admin-1280x800');

    await admin.getByRole('button', { name: 'Skip to next' }).click();
    await admin.getByTestId('admin-notice').waitFor();
    await admin
      .getByTestId('admin-now-playing')
      .getByText('lofi instrumental', { exact: true })
      .waitFor();

    await page
      .getByTestId('now-playing-prompt')
      .getByText('lofi instrumental', { exact: true })
      .waitFor();
    await myTrack().locator('[data-status="PLAYED"]').waitFor();
    expect(adminProblems).toEqual([]);
  });

  it('shows no errors in the console along the way', () => {
    expect(problems).toEqual([]);
  });
});

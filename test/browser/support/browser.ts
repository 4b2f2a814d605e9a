import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const WEB_DIST_DIR = resolve('dist/web');
export const ADMIN_TOKEN = 'a-test-admin-token-123';
export const SCREENSHOT_DIR = resolve('test-artifacts/screenshots');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Builds the web app as it ships, once per test run, for the api to serve from WEB_DIST_DIR. */
export function buildWebApp(): void {
  const marker = join(WEB_DIST_DIR, '.test-run');
  const run = process.env.TEST_DATABASE_NAME ?? 'local';
  if (existsSync(marker) && readFileSync(marker, 'utf8') === run) return;

  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.ts'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  writeFileSync(marker, run);
}

/** Debian's Chromium, headless, allowed to start audio without a click (a radio left on). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/**
 * Collects what a person would notice in the console: page errors, failed requests, CSP
 * violations. Aborted media requests are normal when a deck switches tracks.
 */
export function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Chromium logs every non-2xx answer; a 402 before paying is the protocol, not a fault.
    if (message.type() !== 'error' || /status of 402/.test(message.text())) return;
    problems.push(`console error: ${message.text()}`);
  });
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? '';
    if (request.resourceType() === 'media' || /ERR_ABORTED/.test(failure)) return;
    problems.push(`request failed: ${request.method()} ${request.url()} ${failure}`);
  });

  return problems;
}

export async function screenshot(target: Page | Locator, name: string, fullPage = false) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  if ('screenshot' in target && 'goto' in target) {
    await target.screenshot({ path, fullPage, animations: 'disabled' });
  } else {
    await target.screenshot({ path, animations: 'disabled' });
  }

  return path;
}

export interface AudioReading {
  src: string;
  currentTime: number;
  paused: boolean;
  /** Date.now() in the page when currentTime was read. */
  readAt: number;
}

/** The deck that is sounding: of the player's audio elements, the one not paused. */
export function readActiveAudio(page: Page): Promise<AudioReading | null> {
  return page.evaluate(() => {
    const decks = Array.from(document.querySelectorAll('audio'));
    const active = decks.find((deck) => !deck.paused && !deck.ended);
    if (!active) return null;

    return {
      src: active.currentSrc,
      currentTime: active.currentTime,
      paused: active.paused,
      readAt: Date.now(),
    };
  });
}

/** Waits until the active deck plays `srcEnding` and its position moves forward in real time. */
export async function expectAudioAdvancing(page: Page, srcEnding: string, timeoutMs = 30_000) {
  await page.waitForFunction(
    (src) =>
      Array.from(document.querySelectorAll('audio')).some(
        (deck) => !deck.paused && deck.currentSrc.endsWith(src) && deck.currentTime > 0,
      ),
    srcEnding,
    { timeout: timeoutMs, polling: 100 },
  );
  const first = await readActiveAudio(page);
  await page.waitForTimeout(1_500);
  const second = await readActiveAudio(page);

  expect(first?.src.endsWith(srcEnding)).toBe(true);
  expect(second?.src).toBe(first?.src);
  expect(second?.paused).toBe(false);
  const advanced = (second?.currentTime ?? 0) - (first?.currentTime ?? 0);
  const elapsed = ((second?.readAt ?? 0) - (first?.readAt ?? 0)) / 1000;
  expect(advanced).toBeGreaterThan(elapsed * 0.6);
  expect(advanced).toBeLessThan(elapsed * 1.4);

  return second as AudioReading;
}

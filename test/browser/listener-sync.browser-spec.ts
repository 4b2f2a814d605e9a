import type { Browser, Page } from 'playwright-core';
import { createUser, payForTrack } from '../support/factories.js';
import { getStation, stationId } from '../support/station.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';
import {
  buildWebApp,
  DESKTOP,
  expectAudioAdvancing,
  launchChromium,
  readActiveAudio,
  watchForProblems,
  WEB_DIST_DIR,
  type AudioReading,
} from './support/browser.js';

/** Where a reading's deck would be at `at` (ms, Date.now()), had it kept playing in real time. */
const positionAt = (reading: AudioReading, at: number) =>
  reading.currentTime + (at - reading.readAt) / 1000;

/** Listeners who tune in at different moments hear the same moment of the same track. */
describe('Listeners in sync', () => {
  let t: TestApp;
  let browser: Browser;
  let audioUrl: string;

  beforeAll(async () => {
    buildWebApp();
    t = await startTestApp({
      ROLE: 'all',
      WEB_DIST_DIR,
      STATION_ID: stationId(),
      STATION_FALLBACK: 'idle',
      ALLOWED_DURATIONS: '3,30,60',
      MOCK_GENERATION_DELAY_MS: '500',
    });
    browser = await launchChromium();

    const userId = await createUser(t.url, 'Sync Tester');
    const { trackId } = await payForTrack(t.url, userId, 30);
    await waitFor(async () => (await getStation(t.url)).now_playing?.track.id === trackId, {
      timeoutMs: 90_000,
      what: 'the paid track to go on air',
    });
    audioUrl = (await getStation(t.url)).now_playing.audio_url;
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function listen(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    const problems = watchForProblems(page);
    await page.goto(t.url);
    await expectAudioAdvancing(page, audioUrl);

    return { page, problems };
  }

  it('plays the same track at the same position in two browsers opened apart', async () => {
    const first = await listen();
    await first.page.waitForTimeout(2_500);
    const second = await listen();

    const gaps: number[] = [];
    for (let sample = 0; sample < 5; sample += 1) {
      const [a, b] = await Promise.all([readActiveAudio(first.page), readActiveAudio(second.page)]);
      expect(a?.src.endsWith(audioUrl)).toBe(true);
      expect(b?.src).toBe(a?.src);
      const at = Date.now();
      gaps.push(Math.abs(positionAt(a!, at) - positionAt(b!, at)));
      await first.page.waitForTimeout(300);
    }

    expect(Math.max(...gaps)).toBeLessThan(1);
    expect([...first.problems, ...second.problems]).toEqual([]);
  });
});

import request from 'supertest';
import { waitFor } from './wait-for.js';

/** Polls the public API until the track reaches one of the statuses; returns the track. */
export async function waitForStatus(
  url: string,
  trackId: string,
  statuses: string[],
  timeoutMs = 30_000,
) {
  let track: Record<string, unknown> = {};
  await waitFor(
    async () => {
      track = (await request(url).get(`/api/queue/${trackId}`)).body.track ?? {};

      return statuses.includes(String(track.status));
    },
    { timeoutMs, intervalMs: 100, what: `track ${trackId} to be ${statuses.join(' or ')}` },
  );

  return track;
}

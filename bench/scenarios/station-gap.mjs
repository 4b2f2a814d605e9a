// How late the station starts each next track: 200 short READY tracks played back to back.
import { Redis } from 'ioredis';
import { insertReadyTracks, insertUser, withDb } from '../lib/data.mjs';
import { waitUntil } from '../lib/http.mjs';
import { now, round, summarise } from '../lib/stats.mjs';

const TRACKS = 200;
const TRACK_MS = 200;

export async function stationGap(ctx) {
  const prefix = ctx.prefix('gap');
  const bus = new Redis(ctx.redisUrl);
  const advances = [];
  bus.on('message', (_channel, message) => {
    const event = JSON.parse(message);
    if (event.type === 'station_update' && event.payload.reason === 'advance') {
      advances.push({ ...event.payload, arrivedAt: now() });
    }
  });
  await bus.subscribe(`${prefix}:events`);

  const api = await ctx.startService('api-station-gap', {
    ROLE: 'api',
    REDIS_PREFIX: prefix,
    STATION_ID: prefix,
    STATION_FALLBACK: 'idle',
  });
  const ids = await withDb(ctx.databaseUrl, async (client) => {
    const user = await insertUser(client, 'Bench Gap');

    // paid_at in 1990: these play before anything another scenario left READY.
    return insertReadyTracks(client, user, TRACKS, { durationMs: TRACK_MS, base: 631152000000 });
  });
  const playedAt = await ctx.profiled(api, 'station-gap', () =>
    withDb(ctx.databaseUrl, (client) =>
      waitUntil(
        async () => {
          const { rows } = await client.query(
            `select id, played_at from tracks where id = any($1::uuid[]) and played_at is not null
             order by played_at`,
            [ids],
          );

          return rows.length === TRACKS ? rows : null;
        },
        { timeoutMs: TRACKS * TRACK_MS * 3 + 20_000, intervalMs: 500, what: 'every track to play' },
      ),
    ),
  );
  await api.stop();
  await bus.quit();

  // Track i starts when track i-1 is marked PLAYED, and ends TRACK_MS later.
  const scheduleGaps = [];
  for (let i = 1; i < playedAt.length; i += 1) {
    scheduleGaps.push(playedAt[i].played_at - playedAt[i - 1].played_at - TRACK_MS);
  }
  // When the station_update announcing track i reached a Redis subscriber, after track i-1 ended.
  const announceLags = [];
  for (let i = 1; i < advances.length; i += 1) {
    const previousEnd = advances[i - 1].ends_at;
    if (previousEnd && advances[i].current_track_id) {
      announceLags.push(advances[i].arrivedAt - Date.parse(previousEnd));
    }
  }
  const schedule = summarise(scheduleGaps);
  const announced = summarise(announceLags);
  const order = playedAt.map((row) => row.id).join() === ids.join();

  return {
    tracks: TRACKS,
    track_ms: TRACK_MS,
    played_in_order: order,
    schedule_gap_ms: { p50: schedule.p50, p99: schedule.p99, max: schedule.max },
    announce_lag_ms: {
      samples: announced.count,
      p50: round(announced.p50, 1),
      p99: round(announced.p99, 1),
      max: round(announced.max, 1),
    },
    target: 'p99 < 50 ms',
    met: schedule.p99 < 50 && order,
  };
}

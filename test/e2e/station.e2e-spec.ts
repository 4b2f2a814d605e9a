import request from 'supertest';
import type { Db } from '../../apps/api/src/database/database.module.js';
import { StationClock } from '../../apps/api/src/station/station-clock.service.js';
import { StationService } from '../../apps/api/src/station/station.service.js';
import { createUser } from '../support/factories.js';
import {
  deleteTracksOf,
  getStation,
  insertReadyTrack,
  insertReadyTracks,
  openTestDb,
  recordBusEvents,
  stationId,
} from '../support/station.js';
import { startTestApp, uniquePrefix, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

const ids = (tracks: { id: string }[]) => tracks.map((track) => track.id);
const mine = (tracks: { id: string }[], own: string[]) =>
  ids(tracks).filter((id) => own.includes(id));

describe('Station', () => {
  const apps: TestApp[] = [];
  const db: Db = openTestDb();
  let userId = '';

  afterAll(() => db.destroy());

  const start = async (env: Record<string, string> = {}) => {
    const app = await startTestApp({ ROLE: 'api', STATION_FALLBACK: 'idle', ...env });
    apps.push(app);

    return app;
  };

  beforeEach(() => {
    apps.length = 0;
    userId = '';
  });

  afterEach(async () => {
    await Promise.all(apps.map((app) => app.close().catch(() => undefined)));
    if (userId) await deleteTracksOf(db, userId);
  });

  const setUp = async (env: Record<string, string> = {}) => {
    const t = await start({ STATION_ID: stationId(), ...env });
    userId = await createUser(t.url, 'Station Tester');

    return t;
  };

  const playing = async (url: string) => (await getStation(url)).now_playing?.track.id ?? null;

  it('plays three READY tracks in order, with up next and history after each advance', async () => {
    const t = await setUp();
    const tracks = await insertReadyTracks(db, userId, [1_500, 1_500, 1_500]);
    const latencies: number[] = [];

    await waitFor(async () => (await playing(t.url)) === tracks[0], { what: 'first track' });
    let station = await getStation(t.url);
    expect(station.now_playing).toMatchObject({
      requester: 'Station Tester',
      duration_ms: 1_500,
      audio_url: `https://audio.test/${tracks[0]}.mp3`,
      track: { id: tracks[0], status: 'PLAYING' },
    });
    expect(mine(station.up_next, tracks)).toEqual([tracks[1], tracks[2]]);
    const endsAt = Date.parse(station.now_playing.ends_at);
    expect(station.up_next[0].expected_start_at).toBe(new Date(endsAt).toISOString());
    expect(station.up_next[1].expected_start_at).toBe(new Date(endsAt + 1_500).toISOString());
    expect(JSON.stringify(station)).not.toContain('elapsed');

    for (const [index, id] of tracks.slice(1).entries()) {
      const previousEndsAt = Date.parse(station.now_playing.ends_at);
      await waitFor(async () => (await playing(t.url)) === id, { timeoutMs: 5_000, what: id });
      latencies.push(Date.now() - previousEndsAt);
      station = await getStation(t.url);

      const startedAt = Date.parse(station.now_playing.started_at);
      expect(startedAt).toBeGreaterThanOrEqual(previousEndsAt);
      expect(startedAt - previousEndsAt).toBeLessThan(1_000);
      expect(mine(station.up_next, tracks)).toEqual(tracks.slice(index + 2));
      expect(mine(station.history, tracks)).toEqual(tracks.slice(0, index + 1).reverse());
      expect(station.history[0]).toMatchObject({ id: tracks[index], status: 'PLAYED' });
    }

    await waitFor(async () => (await playing(t.url)) === null, { what: 'the station to idle' });
    station = await getStation(t.url);
    expect(mine(station.history, tracks)).toEqual([...tracks].reverse());
    // Observed by polling every 100 ms, so this includes up to one poll interval.
    expect(Math.max(...latencies)).toBeLessThan(1_500);
    process.stdout.write(`station: advance observed ${latencies.join(', ')} ms after ends_at\n`);
  });

  it('serves the snapshot with a strong ETag that ignores server_time', async () => {
    const t = await setUp();
    const first = await request(t.url).get('/api/station').expect(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await request(t.url).get('/api/station').expect(200);

    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.body.server_time).not.toBe(first.body.server_time);
    expect(first.headers['cache-control']).toBe('no-cache');
    await request(t.url).get('/api/station').set('If-None-Match', first.headers.etag).expect(304);

    await insertReadyTrack(db, userId, { durationMs: 10_000 });
    await waitFor(
      async () => (await request(t.url).get('/api/station')).headers.etag !== first.headers.etag,
      { what: 'a new ETag' },
    );
    await request(t.url).get('/api/station').set('If-None-Match', first.headers.etag).expect(200);
  });

  it('keeps the position across a pause and resume', async () => {
    const t = await setUp();
    const service = t.app.get(StationService);
    const [id, next] = await insertReadyTracks(db, userId, [3_000, 5_000]);
    await waitFor(async () => (await playing(t.url)) === id, { what: 'the track' });
    await new Promise((resolve) => setTimeout(resolve, 700));

    const paused = await service.pause();
    await waitFor(async () => (await getStation(t.url)).station.paused, { what: 'the pause' });
    const positionAtPause = paused.pausedAt!.getTime() - paused.startedAt!.getTime();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const whilePaused = await getStation(t.url);
    expect(whilePaused.station).toMatchObject({ paused: true });
    expect(whilePaused.now_playing.track.id).toBe(id);
    expect(whilePaused.up_next[0].expected_start_at).toBeNull();

    const resumedAt = Date.now();
    const resumed = await service.resume(new Date(resumedAt));
    expect(resumedAt - resumed.startedAt!.getTime()).toBe(positionAtPause);
    expect(resumed.endsAt!.getTime() - resumed.startedAt!.getTime()).toBe(3_000);
    await waitFor(async () => !(await getStation(t.url)).station.paused, { what: 'the resume' });
    const afterResume = await getStation(t.url);
    expect(Date.parse(afterResume.now_playing.started_at)).toBe(resumed.startedAt!.getTime());

    await waitFor(async () => (await playing(t.url)) === next, { what: 'the next track' });
    const station = await getStation(t.url);
    expect(Date.parse(station.now_playing.started_at)).toBe(resumed.endsAt!.getTime());
  });

  it('never advances twice when skips race the timer', async () => {
    const t = await setUp();
    const service = t.app.get(StationService);
    const [a, b, c] = await insertReadyTracks(db, userId, [1_500, 20_000, 20_000]);
    await waitFor(async () => (await playing(t.url)) === a, { what: 'track a' });
    const before = await service.load();

    await new Promise((resolve) => setTimeout(resolve, before.endsAt!.getTime() - Date.now()));
    const skips = await Promise.allSettled(
      Array.from({ length: 5 }, () => service.skip(before.seq)),
    );

    await waitFor(async () => (await playing(t.url)) === b, { what: 'track b' });
    const after = await service.load();
    const rows = await db
      .selectFrom('tracks')
      .select(['id', 'status'])
      .where('id', 'in', [a, b, c])
      .execute();
    const status = Object.fromEntries(rows.map((row) => [row.id, row.status]));

    expect(after.seq).toBe(before.seq + 1);
    expect(status).toEqual({ [a]: 'PLAYED', [b]: 'PLAYING', [c]: 'READY' });
    expect(skips.filter((skip) => skip.status === 'fulfilled').length).toBeLessThanOrEqual(1);
  });

  it('rotates through played tracks when nothing is READY', async () => {
    const t = await setUp({ STATION_FALLBACK: 'rotation' });
    const [, b] = await insertReadyTracks(db, userId, [1_000, 1_000]);
    await waitFor(async () => (await playing(t.url)) === b, { what: 'track b' });
    await waitFor(async () => (await playing(t.url)) !== b, { what: 'a replay' });
    const station = await getStation(t.url);
    expect(station.now_playing).not.toBeNull();
    expect(station.now_playing.track.status).toBe('PLAYING');
    expect(station.now_playing.track.played_at).not.toBeNull();
  });

  it('plays 30 tracks exactly once in order across three replicas', async () => {
    const prefix = uniquePrefix('multi');
    const env = { STATION_ID: stationId(), REDIS_PREFIX: prefix };
    const recorder = await recordBusEvents(prefix);
    try {
      const replicas = [await start(env), await start(env), await start(env)];
      userId = await createUser(replicas[0].url, 'Many Replicas');
      const tracks = await insertReadyTracks(db, userId, Array(30).fill(400));

      await waitFor(
        async () =>
          (
            await db
              .selectFrom('tracks')
              .select('id')
              .where('id', 'in', tracks)
              .where('status', '=', 'PLAYED')
              .execute()
          ).length === 30 && (await playing(replicas[1].url)) === null,
        { timeoutMs: 45_000, what: '30 tracks to play' },
      );
      await new Promise((resolve) => setTimeout(resolve, 300));

      const advances = recorder.events.filter(
        (event) => event.type === 'station_update' && event.payload.reason === 'advance',
      );
      const played = advances.map((event) => event.payload.current_track_id);
      expect(played).toEqual([...tracks, null]);
      const seqs = advances.map((event) => event.payload.station_seq as number);
      seqs.forEach((seq, index) => index > 0 && expect(seq).toBe(seqs[index - 1] + 1));
      for (let index = 1; index < 30; index += 1) {
        const previous = advances[index - 1].payload;
        const current = advances[index].payload;
        expect(Date.parse(current.started_at as string)).toBeGreaterThanOrEqual(
          Date.parse(previous.ends_at as string),
        );
      }
      const leaders = replicas.filter((replica) => replica.app.get(StationClock).isLeader());
      expect(leaders).toHaveLength(1);
      const lateness = advances
        .slice(1, 30)
        .map(
          (event, index) =>
            Date.parse(event.server_time) - Date.parse(advances[index].payload.ends_at as string),
        );
      process.stdout.write(
        `station: 30 advances, publish after ends_at median ${median(lateness)} ms, max ${Math.max(...lateness)} ms\n`,
      );
    } finally {
      await recorder.close();
    }
  }, 90_000);

  it('hands the clock to another replica when the leader closes', async () => {
    const env = { STATION_ID: stationId(), REDIS_PREFIX: uniquePrefix('lead') };
    const replicas = [await start(env), await start(env)];
    userId = await createUser(replicas[0].url, 'Handover');
    await waitFor(() => replicas.some((r) => r.app.get(StationClock).isLeader()), {
      what: 'a leader',
    });
    const leader = replicas.find((r) => r.app.get(StationClock).isLeader())!;
    const follower = replicas.find((r) => r !== leader)!;
    const [a, b] = await insertReadyTracks(db, userId, [2_000, 2_000]);
    await waitFor(async () => (await playing(follower.url)) === a, { what: 'track a' });

    const closedAt = Date.now();
    await leader.close();
    const handover = await waitFor(() => follower.app.get(StationClock).isLeader(), {
      timeoutMs: 6_000,
      intervalMs: 20,
      what: 'the follower to lead',
    });
    await waitFor(async () => (await playing(follower.url)) === b, { what: 'track b' });

    expect(handover).toBeLessThan(5_000);
    process.stdout.write(
      `station: leader handover took ${Date.now() - closedAt - 0} ms total, ${handover} ms to lead\n`,
    );
  });
});

function median(values: number[]) {
  const sorted = [...values].sort((x, y) => x - y);

  return sorted[Math.floor(sorted.length / 2)];
}

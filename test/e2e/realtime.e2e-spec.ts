import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { RealtimeEvents } from '../../apps/api/src/realtime/realtime-events.js';
import { StationService } from '../../apps/api/src/station/station.service.js';
import { QueueService } from '../../apps/api/src/queue/queue.service.js';
import { SupabaseStandIn } from '../stand-ins/supabase.stand-in.js';
import { createUser } from '../support/factories.js';
import { openStream } from '../support/sse.js';
import {
  deleteTracksOf,
  getStation,
  insertReadyTracks,
  openTestDb,
  stationId,
} from '../support/station.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, uniquePrefix, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

describe('Realtime', () => {
  const db = openTestDb();
  const apps: TestApp[] = [];
  const cleanups: (() => unknown)[] = [];
  let userId = '';

  const start = async (env: Record<string, string> = {}) => {
    const app = await startTestApp({
      ROLE: 'api',
      STATION_ID: stationId(),
      STATION_FALLBACK: 'idle',
      ...env,
    });
    apps.push(app);
    userId ||= await createUser(app.url, 'Realtime Tester');

    return app;
  };

  afterEach(async () => {
    cleanups.splice(0).forEach((cleanup) => cleanup());
    await Promise.all(apps.splice(0).map((app) => app.close().catch(() => undefined)));
    if (userId) await deleteTracksOf(db, userId);
    userId = '';
  });

  afterAll(() => db.destroy());

  /** What the worker does when a track is ready: publish it, which pokes the station. */
  const announceReady = async (t: TestApp, id: string) =>
    t.app.get(RealtimeEvents).trackChanged(await t.app.get(QueueService).getTrack(id));

  describe('GET /api/events', () => {
    it('sends the snapshot first, then every change in seq order', async () => {
      const t = await start();
      const stream = openStream(t.url);
      cleanups.push(stream.close);
      await waitFor(() => stream.of('snapshot').length === 1, { what: 'the snapshot' });
      const [snapshot] = stream.events;
      expect(snapshot.data).toMatchObject({
        seq: expect.any(Number),
        server_time: expect.any(String),
        snapshot: { station: { paused: false }, now_playing: null, listeners: expect.any(Number) },
      });

      const [a, b] = await insertReadyTracks(db, userId, [1_000, 1_000]);
      const readyAt = Date.now();
      await announceReady(t, a);
      await waitFor(
        () => stream.of('station_update').some((e) => e.data.snapshot.now_playing?.track.id === a),
        { what: 'track a on air' },
      );
      const startLatency = Date.now() - readyAt;
      await waitFor(() => stream.of('station_update').length >= 3, { what: 'a, b, then quiet' });

      const changes = stream.events.slice(1);
      const seqs = changes.map((event) => Number(event.id));
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs[0]).toBeGreaterThan(snapshot.data.seq);
      for (const event of changes) {
        expect(event.data.seq).toBe(Number(event.id));
        expect(Date.parse(event.data.server_time)).not.toBeNaN();
      }
      const onAir = stream
        .of('station_update')
        .map((event) => event.data.snapshot.now_playing?.track.id ?? null);
      expect(onAir).toEqual([a, b, null]);
      const queueUpdates = stream
        .of('queue_update')
        .map((e) => [e.data.track.id, e.data.track.status]);
      expect(queueUpdates).toEqual([
        [a, 'READY'],
        [a, 'PLAYING'],
        [a, 'PLAYED'],
        [b, 'PLAYING'],
        [b, 'PLAYED'],
      ]);
      expect(startLatency).toBeLessThan(500);
      process.stdout.write(`realtime: READY to on air (seen over SSE) in ${startLatency} ms\n`);
    });

    it('sets streaming and CORS headers and answers an unknown Last-Event-ID with a snapshot', async () => {
      const t = await start();
      const controller = new AbortController();
      const res = await fetch(`${t.url}/api/events`, {
        headers: { Origin: 'http://localhost:5173', 'Last-Event-ID': '987654321' },
        signal: controller.signal,
      });
      const reader = res.body!.getReader();
      let text = '';
      while (!text.includes('event: snapshot'))
        text += new TextDecoder().decode((await reader.read()).value);
      controller.abort();

      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      expect(res.headers.get('x-accel-buffering')).toBe('no');
      expect(res.headers.get('cache-control')).toContain('no-cache');
      expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(text).toMatch(/retry: \d+/);
      expect(text).toMatch(/id: \d+\nevent: snapshot\ndata: \{"seq"/);
    });

    it('catches up after a dropped connection through Last-Event-ID', async () => {
      const t = await start();
      const service = t.app.get(StationService);
      const proxy = await new TcpProxy('127.0.0.1', Number(new URL(t.url).port)).start();
      cleanups.push(() => proxy.stop());
      const stream = openStream(`http://127.0.0.1:${proxy.port}`);
      cleanups.push(stream.close);
      const [a, b, c] = await insertReadyTracks(db, userId, [60_000, 60_000, 60_000]);
      await waitFor(() => stream.of('station_update').length === 1, { what: 'track a' });
      const lastSeen = Number(stream.events.at(-1)!.id);

      proxy.cut();
      await waitFor(() => stream.errors() > 0, { what: 'the client to notice' });
      await service.skip();
      await service.skip();
      await waitFor(async () => (await getStation(t.url)).now_playing?.track.id === c, {
        what: 'track c',
      });
      proxy.restore();

      await waitFor(
        () => stream.of('station_update').some((e) => e.data.snapshot.now_playing?.track.id === c),
        { timeoutMs: 8_000, what: 'the missed events' },
      );
      const after = stream.events.filter((event) => Number(event.id) > lastSeen);
      expect(stream.of('snapshot')).toHaveLength(1);
      expect(after.map((event) => Number(event.id))).toEqual(
        after.map((_, index) => lastSeen + 1 + index),
      );
      expect(after.filter((e) => e.type === 'queue_update').map((e) => e.data.track.id)).toEqual([
        a,
        b,
        b,
        c,
      ]);
    });

    it('counts listeners across replicas', async () => {
      const env = { STATION_ID: stationId(), REDIS_PREFIX: uniquePrefix('lis') };
      const [one, two] = [await start(env), await start(env)];
      const streams = [openStream(one.url), openStream(two.url), openStream(two.url)];
      cleanups.push(...streams.map((stream) => stream.close));

      await waitFor(async () => (await getStation(one.url)).listeners === 3, {
        timeoutMs: 12_000,
        what: 'three listeners',
      });
      streams[2].close();
      await waitFor(async () => (await getStation(one.url)).listeners === 2, {
        timeoutMs: 12_000,
        what: 'two listeners',
      });
    });
  });

  describe('Supabase Realtime broadcast', () => {
    const supabase = new SupabaseStandIn();
    let supabaseUrl: string;

    beforeAll(async () => {
      supabaseUrl = (await supabase.start()).url;
    });

    afterAll(() => supabase.stop());

    const startWithSupabase = (channel: string) =>
      start({
        SUPABASE_URL: supabaseUrl,
        SUPABASE_SERVICE_ROLE_KEY: supabase.serviceRoleKey,
        SUPABASE_REALTIME_CHANNEL: channel,
      });

    it('sends each event once, with the documented body and headers', async () => {
      const channel = uniquePrefix('chan');
      await startWithSupabase(channel);
      const [a] = await insertReadyTracks(db, userId, [1_000]);
      const path = (event: string) => `/realtime/v1/api/broadcast/${channel}/events/${event}`;

      await waitFor(() => supabase.requestsTo(path('station_update')).length >= 2, {
        what: 'two station broadcasts',
      });
      const [started] = supabase.requestsTo(path('station_update'));
      expect(started.method).toBe('POST');
      expect(started.headers).toMatchObject({
        apikey: supabase.serviceRoleKey,
        authorization: `Bearer ${supabase.serviceRoleKey}`,
        'content-type': 'application/json',
      });
      expect(started.json).toEqual({
        seq: expect.any(Number),
        server_time: expect.any(String),
        reason: 'advance',
        station_seq: expect.any(Number),
        current_track_id: a,
        started_at: expect.any(String),
        ends_at: expect.any(String),
        paused: false,
      });
      const queued = supabase.requestsTo(path('queue_update')).map((request) => request.json);
      expect(queued).toEqual([
        {
          seq: expect.any(Number),
          server_time: expect.any(String),
          track: expect.objectContaining({ id: a, status: 'PLAYING' }),
        },
        {
          seq: expect.any(Number),
          server_time: expect.any(String),
          track: expect.objectContaining({ id: a, status: 'PLAYED' }),
        },
      ]);
      const seqs = supabase
        .requestsTo(`/realtime/v1/api/broadcast/${channel}/`)
        .map((request) => (request.json as { seq: number }).seq);
      expect(new Set(seqs).size).toBe(seqs.length);
    });

    it('logs a failing broadcast and keeps the station playing', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn');
      cleanups.push(() => warn.mockRestore());
      const channel = uniquePrefix('fail');
      const t = await startWithSupabase(channel);
      supabase.failNext('realtime', 500, 50);
      const [a, b] = await insertReadyTracks(db, userId, [800, 800]);

      await waitFor(async () => (await getStation(t.url)).now_playing?.track.id === b, {
        what: 'track b despite failing broadcasts',
      });
      await waitFor(
        () =>
          warn.mock.calls.some(
            ([entry]) =>
              (entry as { msg?: string }).msg ===
              'Supabase Realtime broadcast failed; listeners on Supabase missed this event',
          ),
        { what: 'the warning' },
      );
      const station = await getStation(t.url);
      expect(station.history.map((track: { id: string }) => track.id)).toContain(a);
    });
  });
});

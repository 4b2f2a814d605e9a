import request from 'supertest';
import { GenerationQueue } from '../../apps/api/src/generation/generation.queue.js';
import { createUser } from '../support/factories.js';
import {
  deleteTracksOf,
  getStation,
  insertReadyTrack,
  insertReadyTracks,
  openTestDb,
  stationId,
} from '../support/station.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'admin-token-for-e2e-tests';
const ROUTES: [string, string][] = [
  ['post', '/api/admin/station/advance'],
  ['post', '/api/admin/station/pause'],
  ['post', '/api/admin/station/resume'],
  ['delete', '/api/admin/tracks/00000000-0000-4000-8000-000000000000'],
  ['post', '/api/admin/tracks/00000000-0000-4000-8000-000000000000/retry'],
  ['get', '/api/admin/tracks?status=FAILED'],
  ['get', '/api/admin/stats'],
  ['get', '/api/admin/queues'],
  ['get', '/api/admin/queues/api/queues'],
];

type Method = 'get' | 'post' | 'delete';
const call = (url: string, method: string, path: string) => request(url)[method as Method](path);

describe('Admin API', () => {
  const db = openTestDb();
  let t: TestApp;
  let userId: string;

  beforeAll(async () => {
    t = await startTestApp({
      ROLE: 'api',
      ADMIN_TOKEN: TOKEN,
      STATION_ID: stationId(),
      STATION_FALLBACK: 'idle',
    });
    userId = await createUser(t.url, 'Admin Tester');
  });

  afterAll(async () => {
    await t.close();
    await deleteTracksOf(db, userId);
    await db.destroy();
  });

  const admin = (method: Method, path: string) =>
    request(t.url)[method](path).set('Authorization', `Bearer ${TOKEN}`);

  describe('authentication', () => {
    it.each(ROUTES)('%s %s answers 401 without a token', async (method, path) => {
      const res = await call(t.url, method, path).expect(401);

      expect(res.body).toMatchObject({
        statusCode: 401,
        message: expect.stringContaining('token'),
      });
    });

    it.each(ROUTES)('%s %s answers 401 with a wrong token', async (method, path) => {
      await call(t.url, method, path).set('Authorization', `Bearer ${TOKEN}x`).expect(401);
      await call(t.url, method, path).set('Authorization', 'Bearer short').expect(401);
    });

    it('answers 404 on every admin route when no token is configured', async () => {
      const off = await startTestApp({ ROLE: 'api', STATION_ID: stationId() });
      try {
        for (const [method, path] of ROUTES) {
          const res = await call(off.url, method, path)
            .set('Authorization', `Bearer ${TOKEN}`)
            .expect(404);
          expect(res.body.message).toContain('ADMIN_TOKEN');
        }
      } finally {
        await off.close();
      }
    });

    it('opens the queue dashboard with a cookie set from ?token=', async () => {
      await request(t.url).get('/api/admin/queues?token=wrong-token-value').expect(401);
      const login = await request(t.url).get(`/api/admin/queues?token=${TOKEN}`).expect(303);
      const cookie = login.headers['set-cookie'][0].split(';')[0];

      expect(login.headers.location).toBe('/api/admin/queues');
      expect(login.headers['set-cookie'][0]).toMatch(/HttpOnly; SameSite=Strict/);
      expect(cookie).not.toContain(TOKEN);
      const page = await request(t.url).get('/api/admin/queues').set('Cookie', cookie).expect(200);
      expect(page.text).toContain('<base href="/api/admin/queues/"');
      const asset = `/api/admin/queues/${/src="([^"]+\.js)"/.exec(page.text)![1]}`;
      await request(t.url).get(asset).expect(401);
      await request(t.url).get(asset).set('Cookie', cookie).expect(200);
      const queues = await request(t.url)
        .get('/api/admin/queues/api/queues')
        .set('Cookie', cookie)
        .expect(200);
      expect(JSON.stringify(queues.body)).toContain('generation');
      await admin('get', '/api/admin/queues/api/queues').expect(200);
    });
  });

  describe('station control', () => {
    it('skips, pauses and resumes through the same compare-and-set path', async () => {
      const [a, b] = await insertReadyTracks(db, userId, [30_000, 30_000]);
      await waitFor(async () => (await getStation(t.url)).now_playing?.track.id === a, {
        what: 'track a',
      });
      const before = await getStation(t.url);
      const clockSeq = before.station.clock_seq;

      const stale = await admin('post', '/api/admin/station/advance')
        .send({ expected_seq: clockSeq - 1 })
        .expect(409);
      expect(stale.body.message).toContain('moved on');
      const skipped = await admin('post', '/api/admin/station/advance')
        .send({ expected_seq: clockSeq })
        .expect(200);
      expect(skipped.body.station).toMatchObject({ clock_seq: clockSeq + 1, current_track_id: b });
      await admin('post', '/api/admin/station/advance')
        .send({ expected_seq: clockSeq })
        .expect(409);
      await admin('post', '/api/admin/station/advance').send({ expected_seq: 'x' }).expect(400);

      const paused = await admin('post', '/api/admin/station/pause').expect(200);
      expect(paused.body.station.paused).toBe(true);
      await admin('post', '/api/admin/station/pause').expect(409);
      const resumed = await admin('post', '/api/admin/station/resume').expect(200);
      expect(resumed.body.station).toMatchObject({ paused: false, current_track_id: b });
      await admin('post', '/api/admin/station/resume').expect(409);

      // No expected_seq: skip whatever plays; nothing READY then, so the station goes quiet.
      const quiet = await admin('post', '/api/admin/station/advance').expect(200);
      expect(quiet.body.station.current_track_id).toBeNull();
      await admin('post', '/api/admin/station/advance').expect(409);
      const rows = await db
        .selectFrom('tracks')
        .select(['id', 'status'])
        .where('id', 'in', [a, b])
        .execute();
      expect(rows.every((row) => row.status === 'PLAYED')).toBe(true);
    });
  });

  describe('tracks', () => {
    it('removes a READY track, keeps it out of the lists and audits a refund', async () => {
      await admin('post', '/api/admin/station/pause').expect(200);
      try {
        const id = await insertReadyTrack(db, userId, { durationMs: 30_000 });
        const res = await admin('delete', `/api/admin/tracks/${id}`).expect(200);

        expect(res.body.track).toMatchObject({
          id,
          status: 'FAILED',
          error_code: 'removed_by_admin',
        });
        const failed = await admin('get', '/api/admin/tracks?status=FAILED').expect(200);
        expect(failed.body.tracks.map((track: { id: string }) => track.id)).not.toContain(id);
        const audit = await db
          .selectFrom('payment_audit')
          .select('event_type')
          .where('track_id', '=', id)
          .execute();
        expect(audit.map((row) => row.event_type)).toEqual(['refund_due']);
        await admin('delete', `/api/admin/tracks/${id}`).expect(200);
      } finally {
        await admin('post', '/api/admin/station/resume').expect(200);
      }
    });

    it('refuses to remove a track in another state and answers 404 for unknown ids', async () => {
      const id = await insertReadyTrack(db, userId, { durationMs: 30_000 });
      await db.updateTable('tracks').set({ status: 'GENERATING' }).where('id', '=', id).execute();

      const res = await admin('delete', `/api/admin/tracks/${id}`).expect(409);
      expect(res.body.message).toBe(
        `Track ${id} is GENERATING; only READY or FAILED tracks can be removed`,
      );
      await admin('delete', '/api/admin/tracks/00000000-0000-4000-8000-000000000000').expect(404);
      await admin('delete', '/api/admin/tracks/not-a-uuid').expect(400);
      await admin('post', `/api/admin/tracks/${id}/retry`).expect(409);
    });

    it('lists FAILED tracks and retries one with a fresh generation job', async () => {
      const id = await insertReadyTrack(db, userId, { durationMs: 30_000 });
      await db
        .updateTable('tracks')
        .set({ status: 'FAILED', error_code: 'bad_prompt', error_message: 'Nope', attempts: 3 })
        .where('id', '=', id)
        .execute();

      const failed = await admin('get', '/api/admin/tracks?status=FAILED').expect(200);
      expect(failed.body.tracks.find((track: { id: string }) => track.id === id)).toMatchObject({
        status: 'FAILED',
        error_code: 'bad_prompt',
        requester: 'Admin Tester',
      });
      await admin('get', '/api/admin/tracks?status=NOPE').expect(400);

      const retried = await admin('post', `/api/admin/tracks/${id}/retry`).expect(200);
      expect(retried.body.track).toMatchObject({
        id,
        status: 'PAID',
        error_code: null,
        error_message: null,
      });
      expect(await t.app.get(GenerationQueue).hasJob(id)).toBe(true);
      await admin('post', `/api/admin/tracks/${id}/retry`).expect(409);
      await admin('post', '/api/admin/tracks/00000000-0000-4000-8000-000000000000/retry').expect(
        404,
      );
    });

    it('serves the runbook stats', async () => {
      const res = await admin('get', '/api/admin/stats').expect(200);

      expect(res.body).toEqual({
        tracks_by_status: expect.any(Object),
        payment_events: expect.any(Object),
        avg_generation_seconds: expect.any(Number),
      });
      expect(res.body.avg_generation_seconds).toBeGreaterThan(1.9);
      expect(res.body.tracks_by_status.PLAYED).toBeGreaterThanOrEqual(2);
    });
  });
});

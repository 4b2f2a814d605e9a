import request from 'supertest';
import { createUser, payForTrack } from '../support/factories.js';
import { ServiceProcess } from '../support/service-process.js';
import { startTestApp, testDatabaseUrl, uniquePrefix, type TestApp } from '../support/test-app.js';
import { waitForStatus } from '../support/track-status.js';

const READY_OR_LATER = ['READY', 'PLAYING', 'PLAYED'];

describe('Generation across worker processes', () => {
  let api: TestApp;
  let workers: ServiceProcess[] = [];
  let prefix: string;

  const workerEnv = (extra: Record<string, string> = {}) => ({
    ROLE: 'worker',
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
    ALLOWED_DURATIONS: '3,30',
    ...extra,
  });

  beforeEach(async () => {
    prefix = uniquePrefix('w');
    api = await startTestApp({ ROLE: 'api', REDIS_PREFIX: prefix, ALLOWED_DURATIONS: '3,30' });
  });

  afterEach(async () => {
    await Promise.all(workers.map((worker) => worker.kill('SIGTERM')));
    workers = [];
    await api.close();
  });

  it('generates 100 confirmed tracks on two workers, each exactly once', async () => {
    workers = [0, 1].map(() =>
      new ServiceProcess(
        workerEnv({ MOCK_GENERATION_DELAY_MS: '20', WORKER_CONCURRENCY: '2' }),
      ).start(),
    );
    const userId = await createUser(api.url);
    const ids: string[] = [];
    for (let batch = 0; batch < 10; batch += 1) {
      const paid = await Promise.all(
        Array.from({ length: 10 }, () => payForTrack(api.url, userId, 3)),
      );
      ids.push(...paid.map((p) => p.trackId));
    }

    for (const id of ids) await waitForStatus(api.url, id, READY_OR_LATER, 90_000);

    const processed = (id: string) =>
      workers.reduce((n, w) => n + w.count('Processing specific track', id), 0);
    const uploaded = (id: string) =>
      workers.reduce((n, w) => n + w.count('Storage upload completed', id), 0);
    expect(ids.filter((id) => processed(id) !== 1)).toEqual([]);
    expect(ids.filter((id) => uploaded(id) !== 1)).toEqual([]);
    expect(workers.every((w) => w.count('Processing specific track') > 0)).toBe(true);
  }, 180_000);

  it('finishes a track whose worker was killed mid-generation, once', async () => {
    const slow = { MOCK_GENERATION_DELAY_MS: '4000', WORKER_LOCK_DURATION_MS: '2000' };
    const first = new ServiceProcess(workerEnv(slow)).start();
    workers.push(first);
    const userId = await createUser(api.url);
    const { trackId } = await payForTrack(api.url, userId, 3);
    await first.waitForLog('Processing specific track', trackId);

    await first.kill('SIGKILL');
    const generating = await request(api.url).get(`/api/queue/${trackId}`).expect(200);
    expect(generating.body.track.status).toBe('GENERATING');
    const second = new ServiceProcess(workerEnv(slow)).start();
    workers.push(second);
    const track = await waitForStatus(api.url, trackId, READY_OR_LATER, 60_000);

    expect(track.content_type).toBe('audio/mpeg');
    expect(first.count('Storage upload completed', trackId)).toBe(0);
    expect(second.count('Storage upload completed', trackId)).toBe(1);
    expect(second.count('Track is ready', trackId)).toBe(1);
  }, 90_000);
});

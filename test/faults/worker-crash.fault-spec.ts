import type pg from 'pg';
import request from 'supertest';
import { createUser, payForTrack } from '../support/factories.js';
import type { ServiceProcess } from '../support/service-process.js';
import { testDatabaseUrl, uniquePrefix } from '../support/test-app.js';
import { waitForStatus } from '../support/track-status.js';
import {
  connectDb,
  countLogs,
  healthStatus,
  READY_OR_LATER,
  settlementCounts,
  startApi,
  startWorker,
  type ApiProcess,
} from './fault-support.js';

describe('A worker killed mid-generation', () => {
  let api: ApiProcess;
  let db: pg.Client;
  const workers: ServiceProcess[] = [];

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.kill('SIGKILL')));
    await api?.process.kill('SIGTERM');
    await db?.end();
  });

  it('leaves its track READY exactly once, paid once, with the api healthy throughout', async () => {
    const env = {
      DATABASE_URL: testDatabaseUrl(),
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: uniquePrefix('fw'),
      ALLOWED_DURATIONS: '3,30',
    };
    const slow = { ...env, MOCK_GENERATION_DELAY_MS: '4000', WORKER_LOCK_DURATION_MS: '2000' };
    api = await startApi(env);
    db = await connectDb();
    const first = await startWorker(slow);
    workers.push(first);
    const userId = await createUser(api.url);
    const { trackId } = await payForTrack(api.url, userId, 3);
    await first.waitForLog('Processing specific track', trackId);

    await first.kill('SIGKILL');
    expect(await healthStatus(api.url)).toBe(200);
    const during = await request(api.url).get(`/api/queue/${trackId}`).expect(200);
    expect(during.body.track.status).toBe('GENERATING');
    const second = await startWorker(slow);
    workers.push(second);
    const track = await waitForStatus(api.url, trackId, READY_OR_LATER, 60_000);

    expect(track.content_type).toBe('audio/mpeg');
    expect(countLogs(workers, 'Storage upload completed', trackId)).toBe(1);
    expect(countLogs(workers, 'Track is ready', trackId)).toBe(1);
    expect(first.count('Track is ready', trackId)).toBe(0);
    expect(await healthStatus(api.url)).toBe(200);
    expect(await settlementCounts(db, trackId)).toEqual({
      settleOk: 1,
      authorizations: 1,
      chainNonces: 1,
    });
    const refunds = await db.query(
      `select count(*)::int as n from payment_audit where track_id = $1 and event_type = 'refund_due'`,
      [trackId],
    );
    expect(refunds.rows[0].n).toBe(0);
  });
});

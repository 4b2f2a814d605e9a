import type pg from 'pg';
import { createUser, payForTrack } from '../support/factories.js';
import type { ServiceProcess } from '../support/service-process.js';
import { testDatabaseUrl, uniquePrefix } from '../support/test-app.js';
import { waitForStatus } from '../support/track-status.js';
import { waitFor } from '../support/wait-for.js';
import {
  connectDb,
  countLogs,
  freePort,
  healthStatus,
  PrivateRedis,
  READY_OR_LATER,
  settlementCounts,
  startApi,
  startWorker,
  type ApiProcess,
} from './fault-support.js';

const TRACKS = 5;

describe('Redis restarting with its data lost', () => {
  let redis: PrivateRedis;
  let api: ApiProcess;
  let db: pg.Client;
  const workers: ServiceProcess[] = [];

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.kill('SIGKILL')));
    await api?.process.kill('SIGTERM');
    await redis?.kill();
    await db?.end();
  });

  it('still generates every PAID track exactly once, and health follows Redis', async () => {
    redis = await new PrivateRedis(await freePort()).start();
    const env = {
      DATABASE_URL: testDatabaseUrl(),
      REDIS_URL: redis.url,
      REDIS_PREFIX: uniquePrefix('fr'),
      ALLOWED_DURATIONS: '3,30',
    };
    api = await startApi(env);
    db = await connectDb();
    const userId = await createUser(api.url);
    const paid: string[] = [];
    for (let i = 0; i < TRACKS; i += 1) paid.push((await payForTrack(api.url, userId, 3)).trackId);

    await redis.kill();
    await waitFor(async () => (await healthStatus(api.url)) === 503, {
      timeoutMs: 10_000,
      what: 'health to report Redis down',
    });
    await redis.start();
    await waitFor(async () => (await healthStatus(api.url)) === 200, {
      timeoutMs: 15_000,
      what: 'health to recover',
    });
    // The queue came back empty: only the recovery sweep (every 10 s) can find these tracks.
    workers.push(await startWorker(env));
    for (const id of paid) await waitForStatus(api.url, id, READY_OR_LATER, 60_000);

    const [worker] = workers;
    expect(paid.filter((id) => countLogs(workers, 'Track is ready', id) !== 1)).toEqual([]);
    expect(paid.filter((id) => countLogs(workers, 'Storage upload completed', id) !== 1)).toEqual(
      [],
    );
    expect(worker.logs.some((line) => /^Re-enqueued \d+ PAID track/.test(line.msg ?? ''))).toBe(
      true,
    );
    for (const id of paid) {
      expect(await settlementCounts(db, id)).toEqual({
        settleOk: 1,
        authorizations: 1,
        chainNonces: 1,
      });
    }
  });
});

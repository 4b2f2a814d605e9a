import type pg from 'pg';
import request from 'supertest';
import { createUser, mockProof, payForTrack, submitTrack } from '../support/factories.js';
import type { ServiceProcess } from '../support/service-process.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { testDatabaseUrl, uniquePrefix } from '../support/test-app.js';
import { waitForStatus } from '../support/track-status.js';
import { waitFor } from '../support/wait-for.js';
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

const IN_FLIGHT = 4;
const CONFIRMING = 20;

describe('Postgres going away and coming back', () => {
  let proxy: TcpProxy;
  let api: ApiProcess;
  let db: pg.Client;
  const workers: ServiceProcess[] = [];

  afterEach(async () => {
    proxy?.restore();
    await Promise.all(workers.splice(0).map((worker) => worker.kill('SIGKILL')));
    await api?.process.kill('SIGTERM');
    await proxy?.stop();
    await db?.end();
  });

  it('finishes every paid track once and settles no payment twice', async () => {
    const direct = new URL(testDatabaseUrl());
    proxy = await new TcpProxy(direct.hostname, Number(direct.port || 5432)).start();
    const proxied = new URL(direct);
    proxied.host = `127.0.0.1:${proxy.port}`;
    const env = {
      DATABASE_URL: proxied.toString(),
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: uniquePrefix('fp'),
      ALLOWED_DURATIONS: '3,30',
    };
    api = await startApi(env);
    db = await connectDb();
    workers.push(
      await startWorker({ ...env, MOCK_GENERATION_DELAY_MS: '3000', WORKER_CONCURRENCY: '4' }),
    );
    const userId = await createUser(api.url);
    const generating: string[] = [];
    for (let i = 0; i < IN_FLIGHT; i += 1) {
      generating.push((await payForTrack(api.url, userId, 3)).trackId);
    }
    const pending: { trackId: string; proof: string }[] = [];
    for (let i = 0; i < CONFIRMING; i += 1) {
      const trackId = (await submitTrack(api.url, userId, { duration_seconds: 3 }).expect(402)).body
        .track_id;
      pending.push({ trackId, proof: await mockProof(api.url, trackId) });
    }
    await waitForStatus(api.url, generating[0], ['GENERATING']);

    // Cut while confirms are between verify, settle and the PAID update.
    const confirm = ({ trackId, proof }: { trackId: string; proof: string }) =>
      request(api.url)
        .post('/api/queue/confirm')
        .send({ track_id: trackId, payment_proof: proof })
        .then((res) => res.status);
    const first = Promise.all(pending.map(confirm));
    await waitFor(() => api.process.count('queue/confirm payment confirmed') > IN_FLIGHT, {
      timeoutMs: 10_000,
      intervalMs: 5,
      what: 'a confirm to settle',
    });
    proxy.cut();
    await waitFor(async () => (await healthStatus(api.url)) === 503, {
      timeoutMs: 10_000,
      what: 'health to report the database down',
    });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    proxy.restore();
    const during = await first;
    await waitFor(async () => (await healthStatus(api.url)) === 200, {
      timeoutMs: 20_000,
      what: 'health to recover',
    });

    // A client retries whatever did not come back 200 with the same proof.
    const retried = await Promise.all(
      pending.map(async (item, index) => (during[index] === 200 ? 200 : confirm(item))),
    );
    expect(during.some((status) => status !== 200)).toBe(true);
    expect(retried).toEqual(pending.map(() => 200));

    const paid = [...generating, ...pending.map((item) => item.trackId)];
    for (const id of paid) await waitForStatus(api.url, id, READY_OR_LATER, 90_000);
    expect(paid.filter((id) => countLogs(workers, 'Track is ready', id) !== 1)).toEqual([]);
    for (const id of paid) {
      expect({ id, ...(await settlementCounts(db, id)) }).toEqual({
        id,
        settleOk: 1,
        authorizations: 1,
        chainNonces: 1,
      });
    }
  });
});

import type pg from 'pg';
import request from 'supertest';
import { createUser, mockProof, submitTrack } from '../support/factories.js';
import { testDatabaseUrl, uniquePrefix } from '../support/test-app.js';
import { connectDb, startApi, type ApiProcess } from './fault-support.js';

const REPLAYS = 1_000;
const TRACKS = 20;

describe('One payment proof replayed concurrently', () => {
  let replicas: ApiProcess[] = [];
  let db: pg.Client;

  beforeEach(async () => {
    const env = {
      DATABASE_URL: testDatabaseUrl(),
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: uniquePrefix('fx'),
      ALLOWED_DURATIONS: '3,30',
    };
    // Two replicas: the per-process lock cannot be what keeps the payment single.
    replicas = await Promise.all([startApi(env), startApi(env)]);
    db = await connectDb();
  });

  afterEach(async () => {
    await Promise.all(replicas.map((replica) => replica.process.kill('SIGTERM')));
    await db.end();
  });

  const confirm = (index: number, trackId: string, proof: string) =>
    request(replicas[index % replicas.length].url)
      .post('/api/queue/confirm')
      .send({ track_id: trackId, payment_proof: proof });

  const counts = async (proofTrack: string) => {
    const { rows } = await db.query(
      `select
         (select count(*) from payment_audit a where a.event_type = 'settle_ok'
            and a.detail->>'transaction' = (select transaction from payment_authorizations
              where track_id = $1))::int as settle_ok,
         (select count(*) from mock_chain_nonces n join payment_authorizations p
            on p.payer = n.payer and p.nonce = n.nonce where p.track_id = $1)::int as nonces`,
      [proofTrack],
    );

    return rows[0];
  };

  it(`settles once when ${REPLAYS} confirms race with the same proof for one track`, async () => {
    const userId = await createUser(replicas[0].url);
    const submitted = await submitTrack(replicas[0].url, userId, { duration_seconds: 3 });
    const trackId: string = submitted.body.track_id;
    const proof = await mockProof(replicas[0].url, trackId);

    const answers = await Promise.all(
      Array.from({ length: REPLAYS }, (_, i) => confirm(i, trackId, proof)),
    );

    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.filter((status) => status !== 200 && (status < 400 || status >= 500))).toEqual(
      [],
    );
    const ok = answers.filter((res) => res.status === 200);
    expect(ok.length).toBeGreaterThan(0);
    expect(new Set(ok.map((res) => res.body.track.id))).toEqual(new Set([trackId]));
    expect(ok.every((res) => res.body.track.status !== 'PENDING_PAYMENT')).toBe(true);
    expect(await counts(trackId)).toEqual({ settle_ok: 1, nonces: 1 });
    const confirmed = replicas.reduce(
      (n, r) => n + r.process.count('queue/confirm payment confirmed', trackId),
      0,
    );
    expect(confirmed).toBe(1);
  });

  it(`pays exactly one of ${TRACKS} tracks when one proof is sent for all of them`, async () => {
    const userId = await createUser(replicas[0].url);
    const trackIds: string[] = [];
    for (let i = 0; i < TRACKS; i += 1) {
      trackIds.push(
        (await submitTrack(replicas[0].url, userId, { duration_seconds: 3 })).body.track_id,
      );
    }
    const proof = await mockProof(replicas[0].url, trackIds[0]);

    const answers = await Promise.all(trackIds.map((id, i) => confirm(i, id, proof)));

    expect(answers.filter((res) => res.status >= 500).map((res) => res.body)).toEqual([]);
    expect(answers.filter((res) => res.status === 200)).toHaveLength(1);
    const { rows } = await db.query(
      `select id, status from tracks where id = any($1::uuid[]) and status <> 'PENDING_PAYMENT'`,
      [trackIds],
    );
    expect(rows).toHaveLength(1);
    expect(await counts(rows[0].id)).toEqual({ settle_ok: 1, nonces: 1 });
  });
});

import type pg from 'pg';
import { testDatabaseUrl, uniquePrefix } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';
import { connectDb, startApi, type ApiProcess } from './fault-support.js';

const TRACKS = 8;
const TRACK_MS = 1_500;
const LEASE_TTL_MS = 5_000;
const LEADS = 'This replica now runs the station clock';

describe('The station leader killed', () => {
  let db: pg.Client;
  let replicas: ApiProcess[] = [];

  afterEach(async () => {
    await Promise.all(replicas.map((replica) => replica.process.kill('SIGKILL')));
    replicas = [];
    await db?.end();
  });

  it('keeps the station playing on another replica, with no track played twice', async () => {
    const station = uniquePrefix('st');
    const env = {
      DATABASE_URL: testDatabaseUrl(),
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: uniquePrefix('fl'),
      STATION_ID: station,
      STATION_FALLBACK: 'idle',
    };
    replicas = await Promise.all([0, 1, 2].map(() => startApi(env)));
    db = await connectDb();
    const user = await db.query(
      `insert into users (display_name) values ('Leader Fault') returning id`,
    );
    // paid_at in 1980: these play before any READY track another test left behind.
    const inserted = await db.query(
      `insert into tracks (user_id, prompt, duration_seconds, audio_duration_ms, status, price_usd,
         price_amount, audio_url, content_type, paid_at, finished_at)
       select $1, 'leader fault ' || i, 2, $2, 'READY', '0.10', 100000,
         'https://audio.test/' || i || '.mp3', 'audio/mpeg',
         timestamp '1980-01-01' + i * interval '1 ms', now()
       from generate_series(1, $3) as i
       returning id`,
      [user.rows[0].id, TRACK_MS, TRACKS],
    );
    const ids: string[] = inserted.rows.map((row: { id: string }) => row.id);
    const leaders = () => replicas.filter((r) => r.process.count(LEADS) > 0);
    await waitFor(() => leaders().length === 1, { what: 'one leader' });
    const leader = leaders()[0];
    const advanced = () =>
      replicas.flatMap((r) => r.process.logs).filter((l) => l.msg === 'Station has advanced');
    await waitFor(() => advanced().length >= 2, { timeoutMs: 20_000, what: 'two tracks' });

    await leader.process.kill('SIGKILL');
    const killedAt = Date.now();
    await waitFor(() => replicas.some((r) => r !== leader && r.process.count(LEADS) > 0), {
      timeoutMs: LEASE_TTL_MS + 3_000,
      what: 'another replica to take the clock',
    });
    const tookOverMs = Date.now() - killedAt;
    await waitFor(
      async () => {
        const { rows } = await db.query(
          `select count(*)::int as n from tracks where id = any($1::uuid[]) and status = 'PLAYED'`,
          [ids],
        );

        return rows[0].n === TRACKS;
      },
      { timeoutMs: TRACKS * TRACK_MS + 20_000, intervalMs: 250, what: 'every track to play' },
    );

    const starts = advanced().filter((line) => ids.includes(String(line.track_id)));
    const timesPlayed = ids.map((id) => starts.filter((line) => line.track_id === id).length);
    expect(timesPlayed).toEqual(ids.map(() => 1));
    expect(starts.map((line) => line.track_id)).toEqual(ids);
    expect(tookOverMs).toBeLessThanOrEqual(LEASE_TTL_MS + 2_000);
    const { rows } = await db.query(
      `select id from tracks where id = any($1::uuid[]) order by played_at`,
      [ids],
    );
    expect(rows.map((row: { id: string }) => row.id)).toEqual(ids);
  });
});

// Rows written straight into the bench database, as the workers would leave them.
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export async function withDb(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function insertUser(client, name = 'Bench Listener') {
  const { rows } = await client.query('insert into users (display_name) values ($1) returning id', [
    name,
  ]);

  return rows[0].id;
}

/** READY tracks with increasing paid_at (their play order) and the given audio length. */
export async function insertReadyTracks(
  client,
  userId,
  count,
  { durationMs, base = 946684800000 },
) {
  const ids = Array.from({ length: count }, () => randomUUID());
  await client.query(
    `insert into tracks (id, user_id, prompt, duration_seconds, audio_duration_ms, status,
       price_usd, price_amount, audio_url, content_type, paid_at, finished_at)
     select id, $2, 'bench track ' || ord, $3, $4, 'READY', '0.10', 100000,
       'https://audio.bench/' || id || '.mp3', 'audio/mpeg',
       to_timestamp(($5::bigint + ord) / 1000.0), now()
     from unnest($1::uuid[]) with ordinality as t(id, ord)`,
    [ids, userId, Math.max(1, Math.ceil(durationMs / 1000)), durationMs, base],
  );

  return ids;
}

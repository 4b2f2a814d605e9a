import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import request from 'supertest';
import type { Db } from '../../apps/api/src/database/database.module.js';
import type { Database } from '../../apps/api/src/database/database.types.js';
import { testDatabaseUrl, uniquePrefix } from './test-app.js';

/** The test's own connection to the run's database, alive across app restarts. */
export function openTestDb(): Db {
  const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 4 });

  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export interface ReadyTrackOptions {
  durationMs?: number;
  paidAt?: Date;
  prompt?: string;
}

/**
 * A READY track written straight into the table, as the generation worker would leave it.
 * paid_at defaults to the distant past so the test's tracks play before any other test's.
 */
export async function insertReadyTrack(db: Db, userId: string, options: ReadyTrackOptions = {}) {
  const id = randomUUID();
  const durationMs = options.durationMs ?? 1_000;
  await db
    .insertInto('tracks')
    .values({
      id,
      user_id: userId,
      prompt: options.prompt ?? `test track ${id.slice(0, 8)}`,
      duration_seconds: Math.max(1, Math.ceil(durationMs / 1000)),
      audio_duration_ms: durationMs,
      status: 'READY',
      price_usd: '0.10',
      price_amount: '100000',
      audio_url: `https://audio.test/${id}.mp3`,
      content_type: 'audio/mpeg',
      paid_at: options.paidAt ?? new Date(Date.UTC(2000, 0, 1) + Math.floor(Math.random() * 1e6)),
      started_at: new Date(Date.now() - 2_000),
      finished_at: new Date(),
    })
    .execute();

  return id;
}

/** READY tracks with strictly increasing paid_at, so their play order is their index order. */
export async function insertReadyTracks(db: Db, userId: string, durationsMs: number[]) {
  const base = Date.UTC(2000, 0, 1);
  const ids: string[] = [];

  for (const [index, durationMs] of durationsMs.entries()) {
    ids.push(await insertReadyTrack(db, userId, { durationMs, paidAt: new Date(base + index) }));
  }

  return ids;
}

export async function getStation(url: string) {
  return (await request(url).get('/api/station').expect(200)).body;
}

/** Removes the tracks of the given user, so no other test's station can play them. */
export async function deleteTracksOf(db: Db, userId: string) {
  await db.deleteFrom('tracks').where('user_id', '=', userId).execute();
}

export function stationId() {
  return uniquePrefix('st');
}

export interface RecordedEvent {
  seq: number;
  type: string;
  server_time: string;
  payload: Record<string, unknown>;
  receivedAt: number;
}

/** Listens to an app's realtime bus the way a replica does, recording every event. */
export async function recordBusEvents(prefix: string) {
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const events: RecordedEvent[] = [];
  redis.on('message', (_channel: string, message: string) => {
    events.push({ ...JSON.parse(message), receivedAt: Date.now() });
  });
  await redis.subscribe(`${prefix}:events`);

  return { events, close: () => redis.quit().then(() => undefined) };
}

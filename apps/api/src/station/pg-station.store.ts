import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { NextTrack, StationAdvance, StationState, StationStore } from '@radio402/station';
import { sql } from 'kysely';
import { AppConfig } from '../config/app-config.js';
import { InjectDb, type Db } from '../database/database.module.js';
import type { StationRow, TrackRow } from '../database/database.types.js';
import type { TrackWithRequester } from '../tracks/tracks.repository.js';
import { TrackNoLongerPlayableError } from './station.errors.js';

/** How long a track plays: the measured audio length when known, else the requested length. */
export function trackDurationMs(
  track: Pick<TrackRow, 'audio_duration_ms' | 'duration_seconds'>,
): number {
  return track.audio_duration_ms ?? track.duration_seconds * 1000;
}

/**
 * The station row in Postgres (one row per STATION_ID). Every write is a compare-and-set on
 * `seq`, and bumps it, so a stale writer (a paused leader, a late timer) changes nothing.
 */
@Injectable()
export class PgStationStore implements StationStore, OnModuleInit {
  private readonly logger = new Logger(PgStationStore.name);
  private readonly id: string;

  constructor(
    @InjectDb() private readonly db: Db,
    private readonly config: AppConfig,
  ) {
    this.id = config.station.id;
  }

  async onModuleInit(): Promise<void> {
    const created = await this.db
      .insertInto('station')
      .values({ id: this.id, name: this.config.station.name, updated_at: new Date() })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();

    if (created) {
      this.logger.log({ msg: 'Station row has been created', station_id: this.id });
    }
  }

  async load(): Promise<StationState> {
    const row = await this.db
      .selectFrom('station')
      .selectAll()
      .where('id', '=', this.id)
      .executeTakeFirstOrThrow();

    return toState(row);
  }

  async advance(expectedSeq: number, next: StationAdvance): Promise<StationState | null> {
    return this.db.transaction().execute(async (trx) => {
      // The lock keeps `current_track_id` (the track to mark PLAYED) valid until the update.
      const current = await trx
        .selectFrom('station')
        .select('current_track_id')
        .where('id', '=', this.id)
        .where('seq', '=', expectedSeq)
        .forUpdate()
        .executeTakeFirst();

      if (!current) {
        return null;
      }

      const row = await trx
        .updateTable('station')
        .set({
          seq: sql`seq + 1`,
          current_track_id: next.trackId,
          started_at: next.startedAt,
          ends_at: next.endsAt,
          paused: false,
          paused_at: null,
          updated_at: sql`now()`,
        })
        .where('id', '=', this.id)
        .where('seq', '=', expectedSeq)
        .returningAll()
        .executeTakeFirstOrThrow();

      if (current.current_track_id !== null) {
        await trx
          .updateTable('tracks')
          .set({ status: 'PLAYED', played_at: next.startedAt, updated_at: sql`now()` })
          .where('id', '=', current.current_track_id)
          .where('status', '=', 'PLAYING')
          .execute();
      }

      if (next.trackId !== null) {
        const started = await trx
          .updateTable('tracks')
          .set({ status: 'PLAYING', updated_at: sql`now()` })
          .where('id', '=', next.trackId)
          .where('status', 'in', ['READY', 'PLAYED'])
          .executeTakeFirst();

        // Removed or failed since pickNext: throwing rolls the whole advance back.
        if (Number(started.numUpdatedRows) === 0) {
          throw new TrackNoLongerPlayableError(next.trackId);
        }
      }

      return toState(row);
    });
  }

  /** The oldest READY track by paid_at; else, with rotation, the least recently played one. */
  async pickNext(): Promise<NextTrack | null> {
    const ready = await this.db
      .selectFrom('tracks')
      .select(['id', 'audio_duration_ms', 'duration_seconds'])
      .where('status', '=', 'READY')
      .orderBy(sql`paid_at asc nulls last`)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .limit(1)
      .executeTakeFirst();

    if (ready) {
      return { trackId: ready.id, durationMs: trackDurationMs(ready) };
    }

    if (this.config.station.fallback === 'idle') {
      return null;
    }

    const current = this.db
      .selectFrom('station')
      .select('current_track_id')
      .where('id', '=', this.id);
    // The track playing now is the last resort, so another one comes first when there is one.
    const replay = await this.db
      .selectFrom('tracks')
      .select(['id', 'audio_duration_ms', 'duration_seconds'])
      .where('audio_url', 'is not', null)
      .where((eb) => eb.or([eb('status', '=', 'PLAYED'), eb('id', '=', current)]))
      .orderBy(sql`status = 'PLAYING'`)
      .orderBy(sql`played_at asc nulls first`)
      .orderBy('id', 'asc')
      .limit(1)
      .executeTakeFirst();

    return replay ? { trackId: replay.id, durationMs: trackDurationMs(replay) } : null;
  }

  /** Freezes the clock; null when `seq` moved on or the station is already paused. */
  async pause(expectedSeq: number, at: Date): Promise<StationState | null> {
    const row = await this.db
      .updateTable('station')
      .set({ seq: sql`seq + 1`, paused: true, paused_at: at, updated_at: sql`now()` })
      .where('id', '=', this.id)
      .where('seq', '=', expectedSeq)
      .where('paused', '=', false)
      .returningAll()
      .executeTakeFirst();

    return row ? toState(row) : null;
  }

  /** Unfreezes with the track's times already shifted by the pause length. */
  async resume(
    expectedSeq: number,
    times: { startedAt: Date | null; endsAt: Date | null },
  ): Promise<StationState | null> {
    const row = await this.db
      .updateTable('station')
      .set({
        seq: sql`seq + 1`,
        paused: false,
        paused_at: null,
        started_at: times.startedAt,
        ends_at: times.endsAt,
        updated_at: sql`now()`,
      })
      .where('id', '=', this.id)
      .where('seq', '=', expectedSeq)
      .where('paused', '=', true)
      .returningAll()
      .executeTakeFirst();

    return row ? toState(row) : null;
  }

  /** READY tracks in the order the station will play them (the same order as pickNext). */
  upNext(limit = 100): Promise<TrackWithRequester[]> {
    return this.withRequester()
      .where('tracks.status', '=', 'READY')
      .orderBy(sql`tracks.paid_at asc nulls last`)
      .orderBy('tracks.created_at', 'asc')
      .orderBy('tracks.id', 'asc')
      .limit(limit)
      .execute();
  }

  /** The last `limit` PLAYED tracks, newest first. */
  history(limit = 20): Promise<TrackWithRequester[]> {
    return this.withRequester()
      .where('tracks.status', '=', 'PLAYED')
      .orderBy(sql`tracks.played_at desc nulls last`)
      .limit(limit)
      .execute();
  }

  private withRequester() {
    return this.db
      .selectFrom('tracks')
      .innerJoin('users', 'users.id', 'tracks.user_id')
      .selectAll('tracks')
      .select('users.display_name as requester');
  }
}

function toState(row: StationRow): StationState {
  return {
    seq: Number(row.seq),
    currentTrackId: row.current_track_id,
    startedAt: row.started_at,
    endsAt: row.ends_at,
    paused: row.paused,
    pausedAt: row.paused_at,
  };
}

import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { InjectDb, type Db } from '../database/database.module.js';
import type { TrackStatus } from '../database/database.types.js';
import type { TrackWithRequester } from '../tracks/tracks.repository.js';

export const REMOVED_BY_ADMIN = 'removed_by_admin';

/** The runbook's health queries and the admin's track lists. */
@Injectable()
export class AdminStatsRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  async tracksByStatus(): Promise<Record<string, number>> {
    const { rows } = await sql<{ status: string; n: number }>`
      select status, count(*)::int as n from tracks
      where created_at > now() - interval '1 day'
      group by status`.execute(this.db);

    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }

  async paymentEvents(): Promise<Record<string, number>> {
    const { rows } = await sql<{ event_type: string; n: number }>`
      select event_type, count(*)::int as n from payment_audit
      where created_at > now() - interval '1 hour'
      group by event_type`.execute(this.db);

    return Object.fromEntries(rows.map((row) => [row.event_type, row.n]));
  }

  /** Seconds from generation start to finish, over tracks generated in the last day. */
  async averageGenerationSeconds(): Promise<number | null> {
    const { rows } = await sql<{ avg: string | null }>`
      select avg(extract(epoch from (finished_at - started_at))) as avg from tracks
      where status in ('READY', 'PLAYING', 'PLAYED')
        and finished_at > now() - interval '1 day'`.execute(this.db);
    const value = rows[0]?.avg;

    return value === null || value === undefined ? null : Number(value);
  }

  /** Tracks in `status`, oldest first; tracks an admin removed are left out. */
  listTracks(status: TrackStatus, limit = 200): Promise<TrackWithRequester[]> {
    return this.db
      .selectFrom('tracks')
      .innerJoin('users', 'users.id', 'tracks.user_id')
      .selectAll('tracks')
      .select('users.display_name as requester')
      .where('tracks.status', '=', status)
      .where((eb) =>
        eb.or([
          eb('tracks.error_code', 'is', null),
          eb('tracks.error_code', '!=', REMOVED_BY_ADMIN),
        ]),
      )
      .orderBy(sql`tracks.paid_at asc nulls last`)
      .orderBy('tracks.created_at', 'asc')
      .limit(limit)
      .execute();
  }
}

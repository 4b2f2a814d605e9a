import { Injectable } from '@nestjs/common';
import { sql, type Transaction } from 'kysely';
import { InjectDb, type Db } from '../database/database.module.js';
import type {
  Database,
  NewTrack,
  TrackRow,
  TrackStatus,
  TrackUpdate,
} from '../database/database.types.js';

export type TrackWithRequester = TrackRow & { requester: string };
type Executor = Db | Transaction<Database>;

/**
 * All SQL on `tracks`. Every status change is one conditional UPDATE (`WHERE status = from`),
 * so two actors can never both make the same transition.
 */
@Injectable()
export class TracksRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  create(track: NewTrack, executor: Executor = this.db): Promise<TrackRow> {
    return executor.insertInto('tracks').values(track).returningAll().executeTakeFirstOrThrow();
  }

  findById(id: string, executor: Executor = this.db): Promise<TrackRow | undefined> {
    return executor.selectFrom('tracks').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Locks the row until the transaction ends; concurrent callers queue behind it. */
  findByIdForUpdate(id: string, trx: Transaction<Database>): Promise<TrackRow | undefined> {
    return trx.selectFrom('tracks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async findWithRequester(id: string): Promise<TrackWithRequester | undefined> {
    return this.withRequester().where('tracks.id', '=', id).executeTakeFirst();
  }

  listByUser(userId: string, limit = 50): Promise<TrackWithRequester[]> {
    return this.withRequester()
      .where('tracks.user_id', '=', userId)
      .orderBy('tracks.created_at', 'desc')
      .limit(limit)
      .execute();
  }

  listByStatus(statuses: TrackStatus[], limit = 100): Promise<TrackWithRequester[]> {
    return this.withRequester()
      .where('tracks.status', 'in', statuses)
      .orderBy(sql`tracks.paid_at asc nulls last`)
      .orderBy('tracks.created_at', 'asc')
      .limit(limit)
      .execute();
  }

  /**
   * Moves a track from one status to another if, and only if, it is still in `from`.
   * Returns the updated row, or undefined when another actor got there first.
   */
  async transition(
    id: string,
    from: TrackStatus | TrackStatus[],
    to: TrackStatus,
    changes: TrackUpdate = {},
    executor: Executor = this.db,
  ): Promise<TrackRow | undefined> {
    const fromList = Array.isArray(from) ? from : [from];

    return executor
      .updateTable('tracks')
      .set({ ...changes, status: to, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('status', 'in', fromList)
      .returningAll()
      .executeTakeFirst();
  }

  /** Marks every unpaid challenge past its expiry as EXPIRED; returns the ids. */
  async expireChallenges(now: Date): Promise<string[]> {
    const rows = await this.db
      .updateTable('tracks')
      .set({ status: 'EXPIRED', updated_at: sql`now()` })
      .where('status', '=', 'PENDING_PAYMENT')
      .where('x402_challenge_expires_at', '<=', now)
      // A track whose payment is settling right now is left for the settlement to finish.
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('payment_authorizations')
              .select('track_id')
              .whereRef('payment_authorizations.track_id', '=', 'tracks.id'),
          ),
        ),
      )
      .returning('id')
      .execute();

    return rows.map((row) => row.id);
  }

  private withRequester() {
    return this.db
      .selectFrom('tracks')
      .innerJoin('users', 'users.id', 'tracks.user_id')
      .selectAll('tracks')
      .select('users.display_name as requester');
  }
}

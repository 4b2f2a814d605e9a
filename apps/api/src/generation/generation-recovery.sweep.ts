import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { sql } from 'kysely';
import { AppConfig } from '../config/app-config.js';
import { InjectDb, type Db } from '../database/database.module.js';
import { RealtimeEvents } from '../realtime/realtime-events.js';
import { PaymentAuditRepository } from '../x402/payment-audit.repository.js';
import { GenerationQueue } from './generation.queue.js';

/** PAID tracks younger than this are left to the enqueue that follows their payment. */
const PAID_GRACE_SECONDS = 20;

/**
 * Postgres is the truth, the queue an optimisation: PAID tracks without a live job (Redis lost
 * its data, an enqueue failed) are enqueued again, and tracks stuck in GENERATING past the
 * timeout are failed so an admin can retry them. Idempotent, so every worker may run it.
 */
@Injectable()
export class GenerationRecoverySweep {
  private readonly logger = new Logger(GenerationRecoverySweep.name);

  constructor(
    @InjectDb() private readonly db: Db,
    private readonly config: AppConfig,
    private readonly queue: GenerationQueue,
    private readonly audit: PaymentAuditRepository,
    private readonly events: RealtimeEvents,
  ) {}

  @Interval('generation-recovery', 10_000)
  async run(): Promise<{ requeued: string[]; failed: string[] }> {
    try {
      return { requeued: await this.requeueOrphans(), failed: await this.failStuck() };
    } catch (error) {
      this.logger.warn({ msg: 'Generation recovery sweep failed; it will run again', err: error });

      return { requeued: [], failed: [] };
    }
  }

  async requeueOrphans(graceSeconds = PAID_GRACE_SECONDS): Promise<string[]> {
    const paid = await this.db
      .selectFrom('tracks')
      .select('id')
      .where('status', '=', 'PAID')
      .where('paid_at', '<', sql<Date>`now() - make_interval(secs => ${graceSeconds})`)
      .orderBy('paid_at')
      .limit(500)
      .execute();
    const requeued: string[] = [];
    for (const { id } of paid) {
      const job = await this.queue.raw.getJob(id);
      const state = await job?.getState();
      if (job && state !== 'completed' && state !== 'failed' && state !== 'unknown') continue;

      if (job) await job.remove();
      await this.queue.enqueue(id);
      requeued.push(id);
    }
    if (requeued.length > 0) {
      this.logger.warn({
        msg: `Re-enqueued ${requeued.length} PAID track(s) with no job`,
        track_ids: requeued,
      });
    }

    return requeued;
  }

  async failStuck(): Promise<string[]> {
    const stuck = await this.db
      .updateTable('tracks')
      .set({
        status: 'FAILED',
        error_code: 'generation_timeout',
        error_message: `Generation did not finish within ${this.config.worker.stuckAfterSeconds} s`,
        finished_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where('status', '=', 'GENERATING')
      .where(
        'started_at',
        '<',
        sql<Date>`now() - make_interval(secs => ${this.config.worker.stuckAfterSeconds})`,
      )
      .returningAll()
      .execute();

    for (const track of stuck) {
      if (track.payment_transaction) {
        await this.audit.record({
          trackId: track.id,
          event: 'refund_due',
          payer: track.payer_address,
          detail: { code: 'generation_timeout', transaction: track.payment_transaction },
        });
      }
      await this.events.publishTrack(track.id);
    }
    if (stuck.length > 0) {
      this.logger.warn({
        msg: `Failed ${stuck.length} track(s) stuck in GENERATING`,
        track_ids: stuck.map((t) => t.id),
      });
    }

    return stuck.map((track) => track.id);
  }
}

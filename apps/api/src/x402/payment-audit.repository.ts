import { Injectable } from '@nestjs/common';
import type { Transaction } from 'kysely';
import { InjectDb, type Db } from '../database/database.module.js';
import type { Database } from '../database/database.types.js';

export type PaymentAuditEvent =
  | 'challenge_issued'
  | 'proof_generated'
  | 'proof_received'
  | 'verify_ok'
  | 'verify_failed'
  | 'settle_ok'
  | 'settle_failed'
  | 'facilitator_unavailable'
  | 'replay_rejected'
  | 'challenge_expired'
  | 'refund_due';

export interface PaymentAuditEntry {
  trackId: string | null;
  event: PaymentAuditEvent;
  payer?: string | null;
  detail?: Record<string, unknown>;
}

/** The append-only payment log. Details never hold signatures or secrets. */
@Injectable()
export class PaymentAuditRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  async record(
    entries: PaymentAuditEntry | PaymentAuditEntry[],
    executor: Db | Transaction<Database> = this.db,
  ): Promise<void> {
    const list = Array.isArray(entries) ? entries : [entries];
    if (list.length === 0) return;

    await executor
      .insertInto('payment_audit')
      .values(
        list.map((entry) => ({
          track_id: entry.trackId,
          event_type: entry.event,
          payer: entry.payer ?? null,
          detail: JSON.stringify(entry.detail ?? {}),
        })),
      )
      .execute();
  }
}

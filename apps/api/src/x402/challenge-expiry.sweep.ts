import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { RealtimeEvents } from '../realtime/realtime-events.js';
import { TracksRepository } from '../tracks/tracks.repository.js';
import { PaymentAuditRepository } from './payment-audit.repository.js';

/** Marks unpaid challenges past their expiry as EXPIRED. Safe on every replica at once. */
@Injectable()
export class ChallengeExpirySweep {
  private readonly logger = new Logger(ChallengeExpirySweep.name);

  constructor(
    private readonly tracks: TracksRepository,
    private readonly audit: PaymentAuditRepository,
    private readonly events: RealtimeEvents,
  ) {}

  @Interval('challenge-expiry', 15_000)
  async sweep(now = new Date()): Promise<string[]> {
    try {
      const expired = await this.tracks.expireChallenges(now);
      if (expired.length === 0) return [];

      await this.audit.record(expired.map((trackId) => ({ trackId, event: 'challenge_expired' })));
      for (const id of expired) await this.events.publishTrack(id);
      this.logger.log({ msg: `Expired ${expired.length} unpaid challenge(s)`, track_ids: expired });

      return expired;
    } catch (error) {
      this.logger.warn({ msg: 'Challenge expiry sweep failed; it will run again', err: error });

      return [];
    }
  }
}

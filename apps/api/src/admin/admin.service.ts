import { Injectable, Logger } from '@nestjs/common';
import type { StationState } from '@radio402/station';
import type { TrackStatus } from '../database/database.types.js';
import { GenerationQueue } from '../generation/generation.queue.js';
import { TrackNotFoundError } from '../queue/queue.errors.js';
import { RealtimeEvents } from '../realtime/realtime-events.js';
import type { StationStateDto } from '../station/dto/station.dto.js';
import { StationService } from '../station/station.service.js';
import type { TrackDto } from '../tracks/track.dto.js';
import { toTrackDto } from '../tracks/track.mapper.js';
import { TracksRepository } from '../tracks/tracks.repository.js';
import { PaymentAuditRepository } from '../x402/payment-audit.repository.js';
import { AdminStatsRepository, REMOVED_BY_ADMIN } from './admin-stats.repository.js';
import { TrackNotRemovableError, TrackNotRetryableError } from './admin.errors.js';
import type { AdminStatsDto } from './dto/admin.dto.js';

const REMOVABLE: TrackStatus[] = ['READY', 'FAILED'];

/** What an operator can do: steer the station, remove and retry tracks, read the numbers. */
@Injectable()
export class AdminService {
  private readonly logger = new Logger(AdminService.name);

  constructor(
    private readonly station: StationService,
    private readonly tracks: TracksRepository,
    private readonly stats: AdminStatsRepository,
    private readonly audit: PaymentAuditRepository,
    private readonly queue: GenerationQueue,
    private readonly events: RealtimeEvents,
  ) {}

  async advance(expectedSeq?: number): Promise<StationStateDto> {
    const state = await this.station.skip(expectedSeq);
    this.logger.log({ msg: 'Admin skipped the current track', track_id: state.currentTrackId });

    return toStationStateDto(state);
  }

  async pause(): Promise<StationStateDto> {
    return toStationStateDto(await this.station.pause());
  }

  async resume(): Promise<StationStateDto> {
    return toStationStateDto(await this.station.resume());
  }

  /**
   * Takes a READY or FAILED track out for good: it becomes FAILED with error_code
   * `removed_by_admin` (its earlier error kept in error_detail) and leaves the admin's lists.
   * A removed READY track was paid for, so a refund_due is audited.
   */
  async removeTrack(id: string): Promise<TrackDto> {
    const track = await this.tracks.findById(id);

    if (!track) {
      throw new TrackNotFoundError(id);
    }

    if (!REMOVABLE.includes(track.status)) {
      throw new TrackNotRemovableError(id, track.status);
    }

    if (track.error_code !== REMOVED_BY_ADMIN) {
      const removed = await this.tracks.transition(id, track.status, 'FAILED', {
        error_code: REMOVED_BY_ADMIN,
        error_message: 'Removed by an admin',
        error_detail: JSON.stringify({
          removed_from: track.status,
          previous_error_code: track.error_code,
          previous_error_message: track.error_message,
        }),
      });

      if (!removed) {
        const now = await this.tracks.findById(id);
        throw new TrackNotRemovableError(id, now?.status ?? 'gone');
      }

      if (track.status === 'READY') {
        await this.audit.record({
          trackId: id,
          event: 'refund_due',
          payer: track.payer_address,
          detail: { reason: REMOVED_BY_ADMIN, amount: String(track.price_amount) },
        });
      }

      this.logger.log({ msg: 'Admin removed a track', track_id: id, from: track.status });
    }

    return (await this.events.publishTrack(id))!;
  }

  /** FAILED → PAID with the error cleared, and a fresh generation job under the same id. */
  async retryTrack(id: string): Promise<TrackDto> {
    const retried = await this.tracks.transition(id, 'FAILED', 'PAID', {
      error_code: null,
      error_message: null,
      error_detail: null,
      attempts: 0,
      started_at: null,
      finished_at: null,
    });

    if (!retried) {
      const track = await this.tracks.findById(id);

      throw track ? new TrackNotRetryableError(id, track.status) : new TrackNotFoundError(id);
    }

    await this.queue.removeFinished(id);
    await this.queue.enqueue(id);
    this.logger.log({ msg: 'Admin retried a failed track', track_id: id });

    return (await this.events.publishTrack(id))!;
  }

  async listTracks(status: TrackStatus = 'FAILED'): Promise<TrackDto[]> {
    return (await this.stats.listTracks(status)).map(toTrackDto);
  }

  async readStats(): Promise<AdminStatsDto> {
    const [tracksByStatus, paymentEvents, avgGeneration] = await Promise.all([
      this.stats.tracksByStatus(),
      this.stats.paymentEvents(),
      this.stats.averageGenerationSeconds(),
    ]);

    return {
      tracks_by_status: tracksByStatus,
      payment_events: paymentEvents,
      avg_generation_seconds: avgGeneration,
    };
  }
}

function toStationStateDto(state: StationState): StationStateDto {
  return {
    clock_seq: state.seq,
    current_track_id: state.currentTrackId,
    started_at: state.startedAt?.toISOString() ?? null,
    ends_at: state.endsAt?.toISOString() ?? null,
    paused: state.paused,
  };
}

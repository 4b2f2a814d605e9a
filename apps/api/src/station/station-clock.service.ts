import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { LeaderLease, StationAdvancer, StationTimer, type BusEvent } from '@radio402/station';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { RealtimeEvents } from '../realtime/realtime-events.js';
import { REDIS } from '../redis/redis.module.js';
import type { TrackDto } from '../tracks/track.dto.js';
import { StationService } from './station.service.js';
import { MetricsService } from '../metrics/metrics.service.js';

export const LEASE_TTL_MS = 5_000;
export const LEASE_RENEW_MS = 1_500;

/**
 * Runs the station clock on whichever api replica holds the Redis leader lease: a precise timer
 * at `ends_at`, a one-second sweep for lost timers and idle starts, and an immediate try when a
 * track becomes READY. Every write is still a compare-and-set, so a stale leader changes nothing.
 */
@Injectable()
export class StationClock implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(StationClock.name);
  private readonly lease: LeaderLease;
  private readonly timer: StationTimer;
  private unsubscribe: (() => void) | null = null;
  private sweeping = false;
  private sweepAgain = false;
  private stopped = false;

  constructor(
    advancer: StationAdvancer,
    private readonly station: StationService,
    private readonly events: RealtimeEvents,
    @Inject(REDIS) redis: Redis,
    config: AppConfig,
    metrics: MetricsService,
  ) {
    const key = `${config.redis.prefix}:station:${config.station.id}:leader`;
    const onError = (error: unknown) =>
      this.logger.warn({ msg: 'Station clock step failed; the sweep will retry', err: error });
    this.lease = new LeaderLease(redis, {
      key,
      ttlMs: LEASE_TTL_MS,
      renewEveryMs: LEASE_RENEW_MS,
      onError: (error) =>
        this.logger.warn({ msg: 'Station leader lease request failed', err: error }),
    });
    this.timer = new StationTimer(advancer, { onError });
    metrics.gauge(
      'radio402_station_leader',
      '1 on the replica running the station clock',
      [],
      () => [{ value: this.lease.isLeader() ? 1 : 0 }],
    );
    this.lease.onAcquired(() => this.lead(key));
    this.lease.onLost(() => {
      this.timer.stop();
      this.logger.log({ msg: 'This replica no longer runs the station clock', key });
    });
  }

  isLeader(): boolean {
    return this.lease.isLeader();
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.events.subscribe((event) => this.onEvent(event));
    this.lease.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.timer.stop();
    // Releasing the key lets another replica take the clock at its next renewal.
    await this.lease.stop();
  }

  /** Advances when the current track has ended or a READY track can start on an idle station. */
  @Interval('station-sweep', 1_000)
  async sweep(): Promise<void> {
    if (this.sweeping) {
      // A READY poke during a sweep must not wait for the next tick.
      this.sweepAgain = true;

      return;
    }

    this.sweeping = true;

    try {
      do {
        this.sweepAgain = false;

        if (this.stopped || !this.lease.isLeader()) {
          return;
        }

        await this.station.advanceIfDue();
      } while (this.sweepAgain);
    } catch (error) {
      this.logger.warn({ msg: 'Station sweep failed; it will run again', err: error });
    } finally {
      this.sweeping = false;
    }
  }

  private lead(key: string): void {
    this.logger.log({ msg: 'This replica now runs the station clock', key });
    this.timer.start().catch((error: unknown) => {
      this.logger.warn({ msg: 'Station timer could not start; the sweep covers it', err: error });
    });
    void this.sweep();
  }

  private onEvent(event: BusEvent): void {
    if (this.stopped || !this.lease.isLeader()) {
      return;
    }

    if (event.type === 'station_update') {
      // Pause, resume or a skip on another replica moved ends_at.
      this.timer.resync().catch((error: unknown) => {
        this.logger.warn({ msg: 'Station timer could not resync', err: error });
      });

      return;
    }

    const track = (event.payload as { track?: TrackDto } | null)?.track;

    if (event.type === 'queue_update' && track?.status === 'READY') {
      void this.sweep();
    }
  }
}

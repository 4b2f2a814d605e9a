import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { RedisEventBus, type BusEvent, type BusHandler } from '@radio402/station';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';
import type { TrackDto } from '../tracks/track.dto.js';
import { toTrackDto } from '../tracks/track.mapper.js';
import { TracksRepository } from '../tracks/tracks.repository.js';
import { REALTIME_BROADCASTER, type RealtimeBroadcaster } from './realtime-broadcaster.js';

const SUBSCRIBE_RETRY_MS = 2_000;

export type RealtimeEventType = 'queue_update' | 'station_update';
export type RealtimeEvent<T = unknown> = BusEvent<T>;

/**
 * Publishes every state change once on Redis with a global monotonic seq; each api replica fans
 * the events out to its own listeners. The publishing process also hands the event to the
 * outside broadcaster (Supabase Realtime), so each event leaves exactly once whichever process
 * made the change. A failed publish is logged and never fails the change itself: listeners
 * resynchronise from the snapshot.
 */
@Injectable()
export class RealtimeEvents implements OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeEvents.name);
  private readonly bus: RedisEventBus;
  private readonly seqKey: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
    @Inject(REALTIME_BROADCASTER) private readonly broadcaster: RealtimeBroadcaster,
    private readonly tracks: TracksRepository,
  ) {
    const prefix = config.redis.prefix;
    this.seqKey = `${prefix}:events:seq`;
    this.bus = new RedisEventBus(redis, {
      channel: `${prefix}:events`,
      seqKey: this.seqKey,
      onError: (error) => this.logger.warn({ msg: 'Realtime subscription error', err: error }),
    });
  }

  async trackChanged(track: TrackDto): Promise<void> {
    await this.publish('queue_update', { track });
  }

  /** Reads the track as clients see it and publishes it; undefined when it no longer exists. */
  async publishTrack(trackId: string): Promise<TrackDto | undefined> {
    const row = await this.tracks.findWithRequester(trackId);
    if (!row) return undefined;

    const track = toTrackDto(row);
    await this.trackChanged(track);

    return track;
  }

  async stationChanged(payload: Record<string, unknown> = {}): Promise<void> {
    await this.publish('station_update', payload);
  }

  async publish(type: RealtimeEventType, payload: unknown): Promise<RealtimeEvent | undefined> {
    let event: RealtimeEvent;

    try {
      event = await this.bus.publish(type, payload);
    } catch (error) {
      this.logger.warn({ msg: 'Realtime event could not be published', type, err: error });

      return undefined;
    }

    this.broadcaster.send(event);

    return event;
  }

  /** The seq of the latest published event (0 before the first one). */
  async latestSeq(): Promise<number> {
    return Number((await this.redis.get(this.seqKey)) ?? 0);
  }

  /**
   * Delivers every event to `handler`, retrying the subscription every two seconds until Redis
   * accepts it; the returned function unsubscribes (or stops retrying).
   */
  subscribe(handler: BusHandler): () => void {
    let unsubscribe: (() => void) | null = null;
    let retry: NodeJS.Timeout | null = null;
    let cancelled = false;
    const attempt = () => {
      this.bus.subscribe(handler).then(
        (off) => (cancelled ? off() : (unsubscribe = off)),
        (error: unknown) => {
          this.logger.warn({ msg: 'Realtime subscription failed; retrying in 2 s', err: error });
          if (!cancelled) retry = setTimeout(attempt, SUBSCRIBE_RETRY_MS);
        },
      );
    };
    attempt();

    return () => {
      cancelled = true;
      if (retry !== null) clearTimeout(retry);
      unsubscribe?.();
    };
  }

  async onApplicationShutdown() {
    await this.broadcaster.flush();
    await this.bus.close();
  }
}

import { createHash } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { BusEvent } from '@radio402/station';
import { AppConfig } from '../config/app-config.js';
import { ListenerRegistry } from '../realtime/listener-registry.js';
import { RealtimeEvents } from '../realtime/realtime-events.js';
import type { TrackDto } from '../tracks/track.dto.js';
import { toTrackDto } from '../tracks/track.mapper.js';
import { TracksRepository } from '../tracks/tracks.repository.js';
import type { NowPlayingDto, StationSnapshotDto } from './dto/station.dto.js';
import { PgStationStore, trackDurationMs } from './pg-station.store.js';

/** The snapshot without `server_time`, which each answer stamps fresh. */
export type StationSnapshot = Omit<StationSnapshotDto, 'server_time'>;

export interface CachedSnapshot {
  snapshot: StationSnapshot;
  /** Strong ETag over the snapshot without server_time. */
  etag: string;
  /** The snapshot serialised once per rebuild; readers only append server_time. */
  json: string;
}

export type SnapshotListener = (event: BusEvent, cached: CachedSnapshot) => void;

/**
 * Keeps one in-memory station snapshot per replica, rebuilt after every realtime event (before
 * the event is handed on, so the snapshot it carries is current) and every two seconds as a
 * safety net. Rebuilds run one at a time, so a newer snapshot is never replaced by an older one.
 */
@Injectable()
export class StationSnapshotService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(StationSnapshotService.name);
  private readonly listeners = new Set<SnapshotListener>();
  private readonly pending: BusEvent[] = [];
  private current: CachedSnapshot | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private draining = false;
  private unsubscribe: (() => void) | null = null;
  private lastSeq = 0;
  private lastListeners = 0;

  constructor(
    private readonly store: PgStationStore,
    private readonly tracks: TracksRepository,
    private readonly events: RealtimeEvents,
    private readonly registry: ListenerRegistry,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = this.events.subscribe((event) => this.enqueue(event));
    await this.refresh().catch((error: unknown) => {
      this.logger.warn({ msg: 'First station snapshot failed; it will be retried', err: error });
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.listeners.clear();
  }

  /** Runs after every event, with the snapshot rebuilt after it; returns an unsubscribe. */
  onEvent(listener: SnapshotListener): () => void {
    this.listeners.add(listener);

    return () => this.listeners.delete(listener);
  }

  async get(): Promise<CachedSnapshot> {
    return this.current ?? this.refresh();
  }

  @Interval('station-snapshot', 2_000)
  async safetyRefresh(): Promise<void> {
    await this.refresh().catch((error: unknown) => {
      this.logger.warn({ msg: 'Station snapshot refresh failed; it will run again', err: error });
    });
  }

  refresh(): Promise<CachedSnapshot> {
    const next = this.chain.then(() => this.build());
    this.chain = next.catch(() => undefined);

    return next;
  }

  private enqueue(event: BusEvent): void {
    this.pending.push(event);

    if (!this.draining) {
      void this.drain();
    }
  }

  private async drain(): Promise<void> {
    this.draining = true;

    while (this.pending.length > 0) {
      // Events that arrived during one rebuild share the next one: it was read after them all.
      const batch = this.pending.splice(0);

      try {
        await this.refresh();
      } catch (error) {
        this.logger.warn({ msg: 'Station snapshot could not be rebuilt for events', err: error });
      }

      const cached = this.current;

      for (const event of batch) {
        for (const listener of cached ? this.listeners : []) {
          try {
            listener(event, cached!);
          } catch (error) {
            this.logger.warn({ msg: 'Station event listener failed', seq: event.seq, err: error });
          }
        }
      }
    }

    this.draining = false;
  }

  private async build(): Promise<CachedSnapshot> {
    // The seq is read before the rows, so the rows are at least as new as the seq claims.
    const seq = await this.events.latestSeq().catch(() => this.lastSeq);
    const builtAt = new Date();
    const [state, upNext, generating, history, listeners] = await Promise.all([
      this.store.load(),
      this.store.upNext(),
      this.tracks.listByStatus(['PAID', 'GENERATING'], 100),
      this.store.history(20),
      this.registry.total().catch(() => this.lastListeners),
    ]);
    const playing = state.currentTrackId
      ? await this.tracks.findWithRequester(state.currentTrackId)
      : undefined;
    const nowPlaying: NowPlayingDto | null =
      playing && state.startedAt && state.endsAt
        ? {
            track: toTrackDto(playing),
            requester: playing.requester,
            prompt: playing.prompt,
            started_at: state.startedAt.toISOString(),
            ends_at: state.endsAt.toISOString(),
            duration_ms: state.endsAt.getTime() - state.startedAt.getTime(),
            audio_url: playing.audio_url ?? '',
          }
        : null;
    // No estimate while paused: nobody knows when the operator resumes.
    let startsAt: number | null = state.paused
      ? null
      : (state.endsAt?.getTime() ?? builtAt.getTime());
    const upNextDtos: TrackDto[] = upNext.map((track) => {
      const dto = {
        ...toTrackDto(track),
        expected_start_at: startsAt === null ? null : new Date(startsAt).toISOString(),
      };
      startsAt = startsAt === null ? null : startsAt + trackDurationMs(track);

      return dto;
    });

    this.lastSeq = Math.max(this.lastSeq, seq);
    this.lastListeners = listeners;
    const snapshot: StationSnapshot = {
      seq: this.lastSeq,
      station: {
        name: this.config.station.name,
        paused: state.paused,
        paused_at: state.pausedAt?.toISOString() ?? null,
        clock_seq: state.seq,
      },
      now_playing: nowPlaying,
      up_next: upNextDtos,
      generating: generating.map(toTrackDto),
      history: history.map(toTrackDto),
      listeners,
    };
    const json = JSON.stringify(snapshot);
    const digest = createHash('sha256').update(json).digest('base64url');
    this.current = { snapshot, json, etag: `"${digest.slice(0, 32)}"` };

    return this.current;
  }
}

import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  resumeShift,
  StationAdvancer,
  type AdvanceOutcome,
  type StationState,
} from '@radio402/station';
import { RealtimeEvents } from '../realtime/realtime-events.js';
import { toTrackDto } from '../tracks/track.mapper.js';
import { TracksRepository } from '../tracks/tracks.repository.js';
import { PgStationStore } from './pg-station.store.js';
import {
  NothingToPlayError,
  StationAlreadyPausedError,
  StationMovedOnError,
  StationNotPausedError,
} from './station.errors.js';

/** The payload of every `station_update` event: the clock row as clients need it. */
export interface StationUpdatePayload {
  reason: 'advance' | 'pause' | 'resume';
  station_seq: number;
  current_track_id: string | null;
  started_at: string | null;
  ends_at: string | null;
  paused: boolean;
}

/**
 * Changes the station (advance, pause, resume) through compare-and-set writes, and announces
 * every change won by this process: a `queue_update` per track whose status changed, then one
 * `station_update`.
 */
@Injectable()
export class StationService implements OnModuleInit {
  private readonly logger = new Logger(StationService.name);

  constructor(
    private readonly advancer: StationAdvancer,
    private readonly store: PgStationStore,
    private readonly tracks: TracksRepository,
    private readonly events: RealtimeEvents,
  ) {}

  onModuleInit(): void {
    this.advancer.onAdvanced((state, previous) => void this.announceAdvance(state, previous));
  }

  load(): Promise<StationState> {
    return this.store.load();
  }

  advanceIfDue(now = new Date()): Promise<AdvanceOutcome> {
    return this.advancer.advanceIfDue(now);
  }

  /** Skips the current track; with `expectedSeq`, only if the station is still at that seq. */
  async skip(expectedSeq?: number): Promise<StationState> {
    const outcome = await this.advancer.advanceNow(expectedSeq);

    if (outcome.advanced) {
      return outcome.state;
    }

    if (outcome.reason === 'nothing_to_play') {
      throw new NothingToPlayError();
    }

    throw new StationMovedOnError(expectedSeq ?? outcome.state.seq, outcome.state.seq);
  }

  async pause(now = new Date()): Promise<StationState> {
    const state = await this.store.load();

    if (state.paused) {
      throw new StationAlreadyPausedError();
    }

    const paused = await this.store.pause(state.seq, now);

    if (!paused) {
      throw new StationMovedOnError(state.seq, (await this.store.load()).seq);
    }

    this.logger.log({ msg: 'Station has been paused', track_id: paused.currentTrackId });
    await this.announce('pause', paused);

    return paused;
  }

  async resume(now = new Date()): Promise<StationState> {
    const state = await this.store.load();

    if (!state.paused || state.pausedAt === null) {
      throw new StationNotPausedError();
    }

    const times = resumeShift({ ...state, pausedAt: state.pausedAt }, now);
    const resumed = await this.store.resume(state.seq, times);

    if (!resumed) {
      throw new StationMovedOnError(state.seq, (await this.store.load()).seq);
    }

    this.logger.log({ msg: 'Station has been resumed', track_id: resumed.currentTrackId });
    await this.announce('resume', resumed);

    return resumed;
  }

  private async announceAdvance(state: StationState, previous: StationState): Promise<void> {
    try {
      this.logger.log({
        msg: state.currentTrackId ? 'Station has advanced' : 'Station has gone quiet',
        track_id: state.currentTrackId,
        previous_track_id: previous.currentTrackId,
        seq: state.seq,
      });
      const changed = new Set([previous.currentTrackId, state.currentTrackId]);

      for (const id of changed) {
        const track = id === null ? undefined : await this.tracks.findWithRequester(id);

        if (track) {
          await this.events.trackChanged(toTrackDto(track));
        }
      }

      await this.announce('advance', state);
    } catch (error) {
      this.logger.warn({ msg: 'Station advance could not be announced', err: error });
    }
  }

  private async announce(reason: StationUpdatePayload['reason'], state: StationState) {
    const payload: StationUpdatePayload = {
      reason,
      station_seq: state.seq,
      current_track_id: state.currentTrackId,
      started_at: state.startedAt?.toISOString() ?? null,
      ends_at: state.endsAt?.toISOString() ?? null,
      paused: state.paused,
    };
    await this.events.stationChanged({ ...payload });
  }
}

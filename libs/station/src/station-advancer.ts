import { endsAtFor, isDue, type StationState } from './station-clock.js';
import type { StationAdvance, StationStore } from './station-store.js';

export type AdvanceSkipReason = 'not_due' | 'nothing_to_play' | 'seq_mismatch' | 'cas_lost';

export type AdvanceOutcome =
  | { advanced: true; state: StationState; previous: StationState }
  | { advanced: false; reason: AdvanceSkipReason; state: StationState };

export type AdvancedListener = (state: StationState, previous: StationState) => void;

export interface StationAdvancerOptions {
  /** How early a track may be ended, so a timer firing a hair early still advances. */
  toleranceMs?: number;
  /** Receives errors thrown by `onAdvanced` listeners; the advance itself has already won. */
  onError?: (error: unknown) => void;
}

/**
 * Advances the station by compare-and-set on `seq`: of any number of concurrent or late calls
 * against the same state (timer, sweep, admin skip, on any replica) at most one wins.
 */
export class StationAdvancer {
  private readonly toleranceMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly listeners = new Set<AdvancedListener>();

  constructor(
    private readonly store: StationStore,
    options: StationAdvancerOptions = {},
  ) {
    this.toleranceMs = options.toleranceMs ?? 250;
    this.onError = options.onError ?? ((error) => console.error(error));
  }

  load(): Promise<StationState> {
    return this.store.load();
  }

  /** Runs after every advance won by this instance; the returned function unsubscribes. */
  onAdvanced(listener: AdvancedListener): () => void {
    this.listeners.add(listener);

    return () => this.listeners.delete(listener);
  }

  async advanceIfDue(now: Date = new Date()): Promise<AdvanceOutcome> {
    const state = await this.store.load();

    if (!isDue(state, now, this.toleranceMs)) {
      return { advanced: false, reason: 'not_due', state };
    }

    // Ending early by up to the tolerance must not cut the previous track short for listeners.
    const startedAt = state.endsAt !== null && state.endsAt > now ? state.endsAt : now;

    return this.advanceFrom(state, startedAt);
  }

  /**
   * Skips the current track. Pass the `seq` the caller saw, so a skip that raced a timer advance
   * does not skip the track that just started.
   */
  async advanceNow(expectedSeq?: number, now: Date = new Date()): Promise<AdvanceOutcome> {
    const state = await this.store.load();

    if (expectedSeq !== undefined && state.seq !== expectedSeq) {
      return { advanced: false, reason: 'seq_mismatch', state };
    }

    return this.advanceFrom(state, now);
  }

  private async advanceFrom(state: StationState, startedAt: Date): Promise<AdvanceOutcome> {
    const next = await this.store.pickNext();

    if (next === null && state.currentTrackId === null) {
      return { advanced: false, reason: 'nothing_to_play', state };
    }

    const advance: StationAdvance = next
      ? { trackId: next.trackId, startedAt, endsAt: endsAtFor(startedAt, next.durationMs) }
      : { trackId: null, startedAt, endsAt: null };
    const advanced = await this.store.advance(state.seq, advance);

    if (advanced === null) {
      return { advanced: false, reason: 'cas_lost', state: await this.store.load() };
    }

    for (const listener of this.listeners) {
      try {
        listener(advanced, state);
      } catch (error) {
        this.onError(error);
      }
    }

    return { advanced: true, state: advanced, previous: state };
  }
}

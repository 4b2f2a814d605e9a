import type { StationState } from './station-clock.js';

export interface NextTrack {
  trackId: string;
  durationMs: number;
}

/** What plays next; `trackId: null` with `endsAt: null` means the station goes quiet. */
export interface StationAdvance {
  trackId: string | null;
  startedAt: Date;
  endsAt: Date | null;
}

/**
 * The station's persistence port. The SQL adapter must make `advance` one compare-and-set:
 * `UPDATE station SET seq = seq + 1, ... WHERE seq = $expectedSeq`, in the same transaction
 * marking the previous track PLAYED and the next one PLAYING, and clearing `paused`. Every other
 * write to the station row (pause, resume) must bump `seq` too, so a stale advance cannot win.
 */
export interface StationStore {
  load(): Promise<StationState>;
  /** Returns the new state, or null when `seq` no longer equals `expectedSeq` (lost the race). */
  advance(expectedSeq: number, next: StationAdvance): Promise<StationState | null>;
  /** The oldest READY track by paid_at, else a rotation pick, else null. */
  pickNext(): Promise<NextTrack | null>;
}

import type { StationState } from './station-clock.js';
import type { NextTrack, StationAdvance, StationStore } from './station-store.js';

export interface InMemoryTrack {
  id: string;
  durationMs: number;
  paidAt: Date;
  status: 'READY' | 'PLAYING' | 'PLAYED';
}

/** A StationStore with the SQL adapter's compare-and-set semantics, for tests. */
export class InMemoryStationStore implements StationStore {
  readonly tracks = new Map<string, InMemoryTrack>();
  advanceCalls = 0;
  private state: StationState = {
    seq: 0,
    currentTrackId: null,
    startedAt: null,
    endsAt: null,
    paused: false,
    pausedAt: null,
  };

  addReady(id: string, durationMs: number, paidAt = new Date()): void {
    this.tracks.set(id, { id, durationMs, paidAt, status: 'READY' });
  }

  /** Any other write to the row (pause, resume) bumps seq, as the SQL does. */
  write(patch: Partial<Omit<StationState, 'seq'>>): StationState {
    this.state = { ...this.state, ...patch, seq: this.state.seq + 1 };

    return { ...this.state };
  }

  async load(): Promise<StationState> {
    await Promise.resolve();

    return { ...this.state };
  }

  async pickNext(): Promise<NextTrack | null> {
    await Promise.resolve();
    const ready = [...this.tracks.values()]
      .filter((track) => track.status === 'READY')
      .sort((a, b) => a.paidAt.getTime() - b.paidAt.getTime());

    return ready.length === 0 ? null : { trackId: ready[0].id, durationMs: ready[0].durationMs };
  }

  async advance(expectedSeq: number, next: StationAdvance): Promise<StationState | null> {
    this.advanceCalls += 1;
    // Yield first, so concurrent callers interleave between their load and this check.
    await new Promise((resolve) => setImmediate(resolve));

    if (this.state.seq !== expectedSeq) {
      return null;
    }

    const previous = this.state.currentTrackId && this.tracks.get(this.state.currentTrackId);

    if (previous) {
      previous.status = 'PLAYED';
    }

    if (next.trackId !== null) {
      const track = this.tracks.get(next.trackId);

      if (!track || track.status !== 'READY') {
        throw new Error(`Track ${next.trackId} is not READY.`);
      }

      track.status = 'PLAYING';
    }

    return this.write({
      currentTrackId: next.trackId,
      startedAt: next.startedAt,
      endsAt: next.endsAt,
      paused: false,
      pausedAt: null,
    });
  }
}

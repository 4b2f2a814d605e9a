/** The station row as the clock sees it. `seq` changes on every write (it is the fencing token). */
export interface StationState {
  seq: number;
  currentTrackId: string | null;
  startedAt: Date | null;
  endsAt: Date | null;
  paused: boolean;
  pausedAt: Date | null;
}

/** Playback position in ms: frozen at `pausedAt` while paused, never negative. */
export function positionMs(startedAt: Date, now: Date, pausedAt?: Date | null): number {
  const until = pausedAt ?? now;

  return Math.max(0, until.getTime() - startedAt.getTime());
}

export function endsAtFor(startedAt: Date, durationMs: number): Date {
  return new Date(startedAt.getTime() + durationMs);
}

/**
 * True when the clock should try to advance: the current track ends within `toleranceMs`, or the
 * station is idle (nothing playing) and a ready track could start at once.
 */
export function isDue(
  station: Pick<StationState, 'currentTrackId' | 'endsAt' | 'paused'>,
  now: Date,
  toleranceMs = 0,
): boolean {
  if (station.paused) {
    return false;
  }

  if (station.endsAt === null) {
    return station.currentTrackId === null;
  }

  return now.getTime() + toleranceMs >= station.endsAt.getTime();
}

/** Moves a paused track's times forward by the pause length, so it resumes where it stopped. */
export function resumeShift(
  station: Pick<StationState, 'startedAt' | 'endsAt'> & { pausedAt: Date },
  now: Date,
): { startedAt: Date | null; endsAt: Date | null } {
  const shiftMs = Math.max(0, now.getTime() - station.pausedAt.getTime());
  const shift = (at: Date | null) => (at === null ? null : new Date(at.getTime() + shiftMs));

  return { startedAt: shift(station.startedAt), endsAt: shift(station.endsAt) };
}

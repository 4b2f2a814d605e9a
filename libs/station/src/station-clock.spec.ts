import { endsAtFor, isDue, positionMs, resumeShift, type StationState } from './station-clock.js';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

function station(patch: Partial<StationState> = {}): StationState {
  return {
    seq: 1,
    currentTrackId: 't1',
    startedAt: at(0),
    endsAt: at(60_000),
    paused: false,
    pausedAt: null,
    ...patch,
  };
}

describe('station clock', () => {
  describe(positionMs.name, () => {
    it('counts from started_at to now', () => {
      expect(positionMs(at(1_000), at(4_500))).toBe(3_500);
    });

    it('freezes at paused_at while paused', () => {
      expect(positionMs(at(1_000), at(90_000), at(2_000))).toBe(1_000);
    });

    it('never goes negative when started_at is in the future', () => {
      expect(positionMs(at(5_000), at(4_000))).toBe(0);
    });
  });

  describe(endsAtFor.name, () => {
    it('adds the duration to started_at', () => {
      expect(endsAtFor(at(1_000), 30_000)).toEqual(at(31_000));
    });
  });

  describe(isDue.name, () => {
    it('is not due before ends_at minus the tolerance', () => {
      expect(isDue(station(), at(59_000), 250)).toBe(false);
    });

    it('is due within the tolerance of ends_at and after it', () => {
      expect(isDue(station(), at(59_800), 250)).toBe(true);
      expect(isDue(station(), at(70_000))).toBe(true);
    });

    it('is never due while paused', () => {
      expect(isDue(station({ paused: true, pausedAt: at(1) }), at(70_000))).toBe(false);
    });

    it('is due when idle, so a ready track can start', () => {
      expect(isDue(station({ currentTrackId: null, endsAt: null }), at(0))).toBe(true);
    });

    it('is not due for a track without an end', () => {
      expect(isDue(station({ endsAt: null }), at(10_000_000))).toBe(false);
    });
  });

  describe(resumeShift.name, () => {
    it('shifts started_at and ends_at by the pause so the position is kept', () => {
      const paused = station({ paused: true, pausedAt: at(10_000) });
      const resumed = resumeShift({ ...paused, pausedAt: at(10_000) }, at(25_000));

      expect(resumed).toEqual({ startedAt: at(15_000), endsAt: at(75_000) });
      expect(positionMs(resumed.startedAt!, at(25_000))).toBe(
        positionMs(paused.startedAt!, at(25_000), paused.pausedAt),
      );
    });

    it('keeps a missing ends_at missing', () => {
      expect(resumeShift({ startedAt: at(0), endsAt: null, pausedAt: at(5) }, at(10))).toEqual({
        startedAt: at(5),
        endsAt: null,
      });
    });
  });
});

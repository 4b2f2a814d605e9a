import { InMemoryStationStore } from './in-memory-station-store.js';
import { StationAdvancer } from './station-advancer.js';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

async function playing(durationMs = 60_000) {
  const store = new InMemoryStationStore();
  store.addReady('first', durationMs, at(-2));
  store.addReady('second', durationMs, at(-1));
  const advancer = new StationAdvancer(store, { toleranceMs: 250 });
  await advancer.advanceIfDue(at(0));

  return { store, advancer };
}

describe(StationAdvancer.name, () => {
  describe('advanceIfDue', () => {
    it('starts the oldest READY track at once when the station is idle', async () => {
      const store = new InMemoryStationStore();
      store.addReady('later', 30_000, at(-1));
      store.addReady('earlier', 30_000, at(-5));
      const advancer = new StationAdvancer(store);

      const outcome = await advancer.advanceIfDue(at(0));

      expect(outcome.advanced).toBe(true);
      expect(outcome.state).toMatchObject({
        seq: 1,
        currentTrackId: 'earlier',
        startedAt: at(0),
        endsAt: at(30_000),
      });
      expect(store.tracks.get('earlier')?.status).toBe('PLAYING');
    });

    it('does nothing while idle with nothing to play, without writing', async () => {
      const store = new InMemoryStationStore();

      const outcome = await new StationAdvancer(store).advanceIfDue(at(0));

      expect(outcome).toMatchObject({ advanced: false, reason: 'nothing_to_play' });
      expect(store.advanceCalls).toBe(0);
    });

    it('does nothing before ends_at', async () => {
      const { advancer } = await playing();

      const outcome = await advancer.advanceIfDue(at(30_000));

      expect(outcome).toMatchObject({ advanced: false, reason: 'not_due' });
    });

    it('plays the next track from ends_at, even when called within the tolerance', async () => {
      const { store, advancer } = await playing();

      const outcome = await advancer.advanceIfDue(at(59_900));

      expect(outcome.state).toMatchObject({ currentTrackId: 'second', startedAt: at(60_000) });
      expect(store.tracks.get('first')?.status).toBe('PLAYED');
    });

    it('goes quiet when the track ends and nothing is READY', async () => {
      const { store, advancer } = await playing();
      store.tracks.delete('second');

      const outcome = await advancer.advanceIfDue(at(61_000));

      expect(outcome.state).toMatchObject({ currentTrackId: null, endsAt: null });
    });

    it('advances once when called concurrently', async () => {
      const { store, advancer } = await playing();
      const other = new StationAdvancer(store);

      const outcomes = await Promise.all([
        advancer.advanceIfDue(at(61_000)),
        other.advanceIfDue(at(61_000)),
        advancer.advanceIfDue(at(61_000)),
      ]);

      expect(outcomes.filter((outcome) => outcome.advanced)).toHaveLength(1);
      expect(
        outcomes.filter((outcome) => !outcome.advanced && outcome.reason === 'cas_lost'),
      ).toHaveLength(2);
      expect((await store.load()).seq).toBe(2);
      expect(store.tracks.get('second')?.status).toBe('PLAYING');
    });

    it('does nothing while paused', async () => {
      const { store, advancer } = await playing();
      store.write({ paused: true, pausedAt: at(1_000) });

      const outcome = await advancer.advanceIfDue(at(120_000));

      expect(outcome).toMatchObject({ advanced: false, reason: 'not_due' });
    });
  });

  describe('advanceNow', () => {
    it('skips the current track before its end', async () => {
      const { advancer } = await playing();

      const outcome = await advancer.advanceNow(1, at(5_000));

      expect(outcome.state).toMatchObject({
        seq: 2,
        currentTrackId: 'second',
        startedAt: at(5_000),
      });
    });

    it('advances once together with a due timer advance', async () => {
      const { store, advancer } = await playing();

      const [manual, timer] = await Promise.all([
        advancer.advanceNow(1, at(60_000)),
        advancer.advanceIfDue(at(60_000)),
      ]);

      expect([manual.advanced, timer.advanced].filter(Boolean)).toHaveLength(1);
      expect((await store.load()).seq).toBe(2);
    });

    it('is a no-op when the seq the caller saw is stale', async () => {
      const { store, advancer } = await playing();
      await advancer.advanceIfDue(at(60_000));

      const late = await advancer.advanceNow(1, at(60_001));

      expect(late).toMatchObject({ advanced: false, reason: 'seq_mismatch' });
      expect(store.tracks.get('second')?.status).toBe('PLAYING');
    });
  });

  describe('onAdvanced', () => {
    it('tells listeners about won advances only, and survives a failing listener', async () => {
      const errors: unknown[] = [];
      const store = new InMemoryStationStore();
      store.addReady('only', 1_000, at(0));
      const advancer = new StationAdvancer(store, { onError: (error) => errors.push(error) });
      const seen: Array<string | null> = [];
      advancer.onAdvanced(() => {
        throw new Error('listener failed');
      });
      advancer.onAdvanced((state) => seen.push(state.currentTrackId));

      await Promise.all([advancer.advanceIfDue(at(0)), advancer.advanceIfDue(at(0))]);

      expect(seen).toEqual(['only']);
      expect(errors).toHaveLength(1);
    });
  });
});

import { InMemoryStationStore } from './in-memory-station-store.js';
import { StationAdvancer } from './station-advancer.js';
import { StationTimer } from './station-timer.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(StationTimer.name, () => {
  let timer: StationTimer;

  afterEach(() => timer.stop());

  function setup() {
    const store = new InMemoryStationStore();
    const advancer = new StationAdvancer(store, { toleranceMs: 5 });
    timer = new StationTimer(advancer);

    return { store, advancer };
  }

  it('advances at ends_at and re-arms for the next track', async () => {
    const { store, advancer } = setup();
    store.addReady('a', 60, new Date(1));
    store.addReady('b', 60, new Date(2));
    await advancer.advanceIfDue();
    await timer.start();

    await sleep(90);
    expect((await store.load()).currentTrackId).toBe('b');
    expect(timer.isArmed()).toBe(true);

    await sleep(60);
    expect(await store.load()).toMatchObject({ currentTrackId: null, endsAt: null, seq: 3 });
    expect(timer.isArmed()).toBe(false);
  });

  it('advances once when a manual skip races the timer', async () => {
    const { store, advancer } = setup();
    store.addReady('a', 40, new Date(1));
    store.addReady('b', 1_000, new Date(2));
    store.addReady('c', 1_000, new Date(3));
    const started = await advancer.advanceIfDue();
    await timer.start(started.state);

    await sleep(40);
    await advancer.advanceNow(started.state.seq);
    await sleep(30);

    expect(await store.load()).toMatchObject({ seq: 2, currentTrackId: 'b' });
    expect(store.tracks.get('c')?.status).toBe('READY');
  });

  it('re-arms after a manual skip through the same advancer', async () => {
    const { store, advancer } = setup();
    store.addReady('a', 10_000, new Date(1));
    store.addReady('b', 40, new Date(2));
    const started = await advancer.advanceIfDue();
    await timer.start(started.state);

    await advancer.advanceNow();
    await sleep(70);

    expect(await store.load()).toMatchObject({ seq: 3, currentTrackId: null });
  });

  it('re-arms from the store on resync, after an advance made elsewhere', async () => {
    const { store } = setup();
    store.addReady('a', 10_000, new Date(1));
    store.addReady('b', 40, new Date(2));
    await timer.start(await store.load());
    expect(timer.isArmed()).toBe(false);

    await new StationAdvancer(store).advanceIfDue();
    await timer.resync();
    expect(timer.isArmed()).toBe(true);
  });

  it('does not fire after stop', async () => {
    const { store, advancer } = setup();
    store.addReady('a', 30, new Date(1));
    store.addReady('b', 30, new Date(2));
    await advancer.advanceIfDue();
    await timer.start();

    timer.stop();
    await sleep(60);

    expect((await store.load()).currentTrackId).toBe('a');
  });

  it('stays disarmed while paused and re-arms on resume', async () => {
    const { store } = setup();
    store.addReady('a', 40, new Date(1));
    await timer.start(store.write({ paused: true, pausedAt: new Date() }));

    expect(timer.isArmed()).toBe(false);

    timer.arm(
      store.write({ paused: false, currentTrackId: 'a', endsAt: new Date(Date.now() + 20) }),
    );
    expect(timer.isArmed()).toBe(true);
  });
});

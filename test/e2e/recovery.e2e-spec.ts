import { DATABASE, type Db } from '../../apps/api/src/database/database.module.js';
import { GenerationRecoverySweep } from '../../apps/api/src/generation/generation-recovery.sweep.js';
import { GenerationQueue } from '../../apps/api/src/generation/generation.queue.js';
import { createUser, payForTrack } from '../support/factories.js';
import { startTestApp, uniquePrefix, type TestApp } from '../support/test-app.js';
import { waitForStatus } from '../support/track-status.js';

describe(GenerationRecoverySweep.name, () => {
  const apps: TestApp[] = [];

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  it('re-enqueues PAID tracks whose jobs were lost with Redis data', async () => {
    const prefix = uniquePrefix('r');
    const api = await startTestApp({ ROLE: 'api', REDIS_PREFIX: prefix, ALLOWED_DURATIONS: '3' });
    apps.push(api);
    const userId = await createUser(api.url);
    const { trackId } = await payForTrack(api.url, userId, 3);
    await api.app.get(GenerationQueue).raw.obliterate({ force: true });
    expect(await api.app.get(GenerationQueue).hasJob(trackId)).toBe(false);

    const worker = await startTestApp({
      ROLE: 'all',
      REDIS_PREFIX: prefix,
      ALLOWED_DURATIONS: '3',
    });
    apps.push(worker);
    const requeued = await worker.app.get(GenerationRecoverySweep).requeueOrphans(0);

    expect(requeued).toContain(trackId);
    const track = await waitForStatus(api.url, trackId, ['READY', 'PLAYING', 'PLAYED']);
    expect(track.content_type).toBe('audio/mpeg');
    expect(await worker.app.get(GenerationRecoverySweep).requeueOrphans(0)).not.toContain(trackId);
  });

  it('fails tracks stuck in GENERATING past the timeout and records the refund', async () => {
    // The worker claims the track, then sits in its simulated generation time.
    const app = await startTestApp({
      ROLE: 'all',
      GENERATION_STUCK_SECONDS: '60',
      MOCK_GENERATION_DELAY_MS: '6000',
      ALLOWED_DURATIONS: '3',
    });
    apps.push(app);
    const db = app.app.get<Db>(DATABASE);
    const userId = await createUser(app.url);
    const { trackId } = await payForTrack(app.url, userId, 3);
    await waitForStatus(app.url, trackId, ['GENERATING']);
    await db
      .updateTable('tracks')
      .set({ status: 'GENERATING', started_at: new Date(Date.now() - 61_000) })
      .where('id', '=', trackId)
      .execute();

    const failed = await app.app.get(GenerationRecoverySweep).failStuck();

    expect(failed).toContain(trackId);
    const track = await waitForStatus(app.url, trackId, ['FAILED']);
    expect(track.error_code).toBe('generation_timeout');
    const audit = await db
      .selectFrom('payment_audit')
      .select('event_type')
      .where('track_id', '=', trackId)
      .where('event_type', '=', 'refund_due')
      .execute();
    expect(audit).toHaveLength(1);
    // The late generation finds the track FAILED and changes nothing.
    await new Promise((resolve) => setTimeout(resolve, 6_500));
    expect((await waitForStatus(app.url, trackId, ['FAILED'])).audio_url).toBeNull();
  });
});

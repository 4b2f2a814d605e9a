import { MPEGDecoder } from 'mpg123-decoder';
import request from 'supertest';
import { DATABASE, type Db } from '../../apps/api/src/database/database.module.js';
import { ElevenLabsStandIn } from '../stand-ins/elevenlabs.stand-in.js';
import { SupabaseStandIn } from '../stand-ins/supabase.stand-in.js';
import { createUser, payForTrack } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitForStatus } from '../support/track-status.js';

async function decodedSeconds(mp3: Buffer): Promise<number> {
  const decoder = new MPEGDecoder();
  await decoder.ready;
  const { samplesDecoded, sampleRate, errors } = decoder.decode(new Uint8Array(mp3));
  decoder.free();
  expect(errors).toEqual([]);

  return samplesDecoded / sampleRate;
}

const auditEvents = async (db: Db, trackId: string) =>
  (
    await db
      .selectFrom('payment_audit')
      .select('event_type')
      .where('track_id', '=', trackId)
      .execute()
  ).map((row) => row.event_type);

describe('Generation with the mock generator and local storage', () => {
  let t: TestApp;
  let userId: string;

  beforeAll(async () => {
    t = await startTestApp({ ROLE: 'all' });
    userId = await createUser(t.url);
  });

  afterAll(() => t.close());

  it('turns a confirmed track into a READY MP3 of the asked duration', async () => {
    const { trackId } = await payForTrack(t.url, userId, 60);
    const track = await waitForStatus(t.url, trackId, ['READY', 'PLAYING', 'PLAYED', 'FAILED']);

    expect(track).toMatchObject({ content_type: 'audio/mpeg', error_code: null });
    expect(track.audio_url).toMatch(/^\/api\/audio\/tracks\//);
    const audio = await request(t.url)
      .get(String(track.audio_url))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(audio.headers['content-type']).toBe('audio/mpeg');
    expect(audio.headers['accept-ranges']).toBe('bytes');
    expect(audio.headers['cache-control']).toContain('immutable');
    expect(Math.abs((await decodedSeconds(audio.body)) - 60)).toBeLessThan(0.5);
    expect(Math.abs(Number(track.audio_duration_ms) - 60_000)).toBeLessThan(500);
  });

  it('serves byte ranges with 206, refuses ranges past the end with 416 and blocks traversal', async () => {
    const { trackId } = await payForTrack(t.url, userId, 30);
    const track = await waitForStatus(t.url, trackId, ['READY', 'PLAYING', 'PLAYED']);
    const url = String(track.audio_url);

    const part = await request(t.url).get(url).set('Range', 'bytes=100-199').expect(206);
    expect(part.headers['content-range']).toMatch(/^bytes 100-199\/\d+$/);
    expect(part.headers['content-length']).toBe('100');
    const size = Number(part.headers['content-range'].split('/')[1]);

    await request(t.url)
      .get(url)
      .set('Range', `bytes=${size + 10}-`)
      .expect(416);
    await request(t.url).get('/api/audio/..%2F..%2Fetc%2Fpasswd').expect(400);
    await request(t.url).get('/api/audio/tracks/missing.mp3').expect(404);
  });
});

describe('Generation with ElevenLabs (stand-in server, official SDK)', () => {
  const eleven = new ElevenLabsStandIn({ apiKey: 'xi-test-key-0123456789' });
  let t: TestApp;
  let db: Db;
  let userId: string;

  beforeAll(async () => {
    const { url } = await eleven.start();
    t = await startTestApp({
      ROLE: 'all',
      ENABLE_REAL_ELEVEN: 'true',
      ELEVEN_API_KEY: 'xi-test-key-0123456789',
      ELEVEN_BASE_URL: url,
      ELEVEN_TIMEOUT_SECONDS: '2',
      GENERATION_ATTEMPTS: '3',
    });
    db = t.app.get(DATABASE);
    userId = await createUser(t.url);
  });

  afterAll(async () => {
    await t.close();
    await eleven.stop();
  });

  beforeEach(() => {
    eleven.failWith({ kind: 'success' });
  });

  it('stores the MP3 ElevenLabs returns and marks the track READY', async () => {
    const { trackId } = await payForTrack(t.url, userId, 30);
    const track = await waitForStatus(t.url, trackId, ['READY', 'FAILED']);

    expect(track).toMatchObject({ status: 'READY', content_type: 'audio/mpeg' });
    const sent = eleven.requests.at(-1)!;
    expect(sent.headers['xi-api-key']).toBe('xi-test-key-0123456789');
    expect(sent.body).toMatchObject({ prompt: 'lofi instrumental', music_length_ms: 30_000 });
  });

  it('fails a bad_prompt at once, keeps the suggestion and records a refund', async () => {
    eleven.failWith({ kind: 'bad_prompt', suggestion: 'an upbeat instrumental' });
    const before = eleven.requests.length;
    const { trackId } = await payForTrack(t.url, userId, 30);
    const track = await waitForStatus(t.url, trackId, ['READY', 'FAILED']);

    expect(track).toMatchObject({ status: 'FAILED', error_code: 'bad_prompt' });
    const row = await db
      .selectFrom('tracks')
      .select('error_detail')
      .where('id', '=', trackId)
      .executeTakeFirstOrThrow();
    expect(row.error_detail).toMatchObject({ suggestion: 'an upbeat instrumental' });
    expect(eleven.requests.length - before).toBe(1);
    expect(await auditEvents(db, trackId)).toContain('refund_due');
  });

  it('fails on quota_exceeded without retrying', async () => {
    eleven.failWith({ kind: 'quota_exceeded' });
    const before = eleven.requests.length;
    const { trackId } = await payForTrack(t.url, userId, 30);
    const track = await waitForStatus(t.url, trackId, ['READY', 'FAILED']);

    expect(track).toMatchObject({ status: 'FAILED', error_code: 'quota_exceeded' });
    expect(eleven.requests.length - before).toBe(1);
    expect(JSON.stringify(track)).not.toContain('xi-test-key');
  });

  it('retries a 429 with backoff and then succeeds', async () => {
    eleven.enqueue({ kind: 'rate_limited' });
    const { trackId } = await payForTrack(t.url, userId, 30);
    const track = await waitForStatus(t.url, trackId, ['READY', 'FAILED']);

    expect(track.status).toBe('READY');
    const row = await db
      .selectFrom('tracks')
      .select('attempts')
      .where('id', '=', trackId)
      .executeTakeFirstOrThrow();
    expect(row.attempts).toBe(2);
  });

  it('retries 5xx until the attempts run out, then fails with a refund', async () => {
    eleven.failWith({ kind: 'server_error' });
    const before = eleven.requests.length;
    const { trackId } = await payForTrack(t.url, userId, 30);
    const track = await waitForStatus(t.url, trackId, ['READY', 'FAILED'], 45_000);

    expect(track.status).toBe('FAILED');
    expect(eleven.requests.length - before).toBe(3);
    expect(await auditEvents(db, trackId)).toContain('refund_due');
  });

  it('treats headers slower than the timeout as transient', async () => {
    eleven.enqueue({ kind: 'slow_headers', delayMs: 3_000 });
    const { trackId } = await payForTrack(t.url, userId, 30);
    const track = await waitForStatus(t.url, trackId, ['READY', 'FAILED'], 45_000);

    expect(track.status).toBe('READY');
    const row = await db
      .selectFrom('tracks')
      .select('attempts')
      .where('id', '=', trackId)
      .executeTakeFirstOrThrow();
    expect(row.attempts).toBe(2);
  });

  it('treats a dropped stream as transient', async () => {
    eleven.enqueue({ kind: 'drop_stream' });
    const { trackId } = await payForTrack(t.url, userId, 30);
    const track = await waitForStatus(t.url, trackId, ['READY', 'FAILED'], 45_000);

    expect(track.status).toBe('READY');
  });
});

describe('Generation with Supabase Storage (stand-in server)', () => {
  const supabase = new SupabaseStandIn('service-role-test-key');
  let t: TestApp;

  beforeAll(async () => {
    const { url } = await supabase.start();
    t = await startTestApp({
      ROLE: 'all',
      SUPABASE_URL: url,
      SUPABASE_SERVICE_ROLE_KEY: 'service-role-test-key',
      SUPABASE_BUCKET: 'radio-audio',
    });
  });

  afterAll(async () => {
    await t.close();
    await supabase.stop();
  });

  it('creates the bucket public and uploads the MP3 with its content type', async () => {
    const userId = await createUser(t.url);
    const { trackId } = await payForTrack(t.url, userId, 30);
    const track = await waitForStatus(t.url, trackId, ['READY', 'FAILED']);

    expect(track.status).toBe('READY');
    expect(supabase.buckets.get('radio-audio')).toMatchObject({ public: true });
    const stored = [...supabase.objects.entries()].find(([key]) => key.includes(trackId));
    expect(stored).toBeDefined();
    expect(stored![1].contentType).toBe('audio/mpeg');
    expect(track.audio_url).toMatch(/\/storage\/v1\/object\/public\/radio-audio\/tracks\//);
  });
});

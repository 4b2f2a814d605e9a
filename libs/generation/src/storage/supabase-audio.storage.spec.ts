import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createClient, type SupabaseClientOptions } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { SupabaseStandIn } from '../../../../test/stand-ins/supabase.stand-in.js';
import { StorageUploadError } from './storage.errors.js';
import { SupabaseAudioStorage } from './supabase-audio.storage.js';

const SERVICE_KEY = 'service-role-secret';
const BUCKET = 'radio402-audio';

describe(SupabaseAudioStorage.name, () => {
  const standIn = new SupabaseStandIn(SERVICE_KEY);
  let url: string;
  let storage: SupabaseAudioStorage;
  const mp3 = Buffer.from([0xff, 0xfb, 0x90, 0xc4, 1, 2, 3, 4]);

  beforeAll(async () => {
    url = (await standIn.start()).url;
  });
  afterAll(() => standIn.stop());
  beforeEach(() => {
    standIn.reset();
    storage = new SupabaseAudioStorage({ url, serviceRoleKey: SERVICE_KEY, bucket: BUCKET });
  });

  describe('ensureBucket', () => {
    it('creates a public bucket when it is missing', async () => {
      expect(await storage.ensureBucket()).toEqual({ created: true, public: true });
      expect(standIn.buckets.get(BUCKET)?.public).toBe(true);
    });

    it('leaves an existing bucket alone', async () => {
      await storage.ensureBucket();

      expect(await storage.ensureBucket()).toEqual({ created: false, public: true });
      expect(
        standIn.requestsTo('/storage/v1/bucket').filter((r) => r.method === 'POST'),
      ).toHaveLength(1);
    });

    it('fails with a non-retryable error when the key is refused', async () => {
      const wrong = new SupabaseAudioStorage({ url, serviceRoleKey: 'wrong', bucket: BUCKET });

      await expect(wrong.ensureBucket()).rejects.toMatchObject({
        code: 'unauthorized',
        retryable: false,
      });
    });
  });

  describe('put', () => {
    it('uploads with its content type, no upsert and a long cache', async () => {
      await storage.ensureBucket();
      const stored = await storage.put({
        key: 'tracks/t1/a.mp3',
        data: mp3,
        contentType: 'audio/mpeg',
      });
      const object = standIn.object(BUCKET, 'tracks/t1/a.mp3');
      const [upload] = standIn.requestsTo('/storage/v1/object/');

      expect(stored).toEqual({
        key: 'tracks/t1/a.mp3',
        url: `${url}/storage/v1/object/public/${BUCKET}/tracks/t1/a.mp3`,
        bytes: mp3.length,
      });
      expect(object?.data).toEqual(mp3);
      expect(object?.contentType).toBe('audio/mpeg');
      expect(object?.upsert).toBe('false');
      expect(object?.cacheControl).toBe('max-age=31536000');
      expect(upload.headers.apikey).toBe(SERVICE_KEY);
      expect(upload.headers.authorization).toBe(`Bearer ${SERVICE_KEY}`);
    });

    it('serves the upload back from its public URL with the stored type and Range', async () => {
      await storage.ensureBucket();
      const { url: publicUrl } = await storage.put({
        key: 'tracks/t1/b.mp3',
        data: mp3,
        contentType: 'audio/mpeg',
      });
      const response = await fetch(publicUrl, { headers: { range: 'bytes=0-3' } });

      expect(response.status).toBe(206);
      expect(response.headers.get('content-type')).toBe('audio/mpeg');
      expect(Buffer.from(await response.arrayBuffer())).toEqual(mp3.subarray(0, 4));
    });

    it('creates the bucket on first upload when nobody did', async () => {
      await storage.put({ key: 'tracks/t1/c.mp3', data: mp3, contentType: 'audio/mpeg' });

      expect(standIn.buckets.get(BUCKET)?.public).toBe(true);
      expect(standIn.object(BUCKET, 'tracks/t1/c.mp3')?.contentType).toBe('audio/mpeg');
    });

    it('reports a duplicate key (HTTP 400 carrying 409) as a non-retryable conflict', async () => {
      await storage.put({ key: 'tracks/t1/d.mp3', data: mp3, contentType: 'audio/mpeg' });
      const again = storage.put({ key: 'tracks/t1/d.mp3', data: mp3, contentType: 'audio/mpeg' });

      await expect(again).rejects.toBeInstanceOf(StorageUploadError);
      await expect(again).rejects.toMatchObject({
        code: 'already_exists',
        retryable: false,
        statusCode: 409,
      });
    });

    it('reports a storage outage as retryable', async () => {
      await storage.ensureBucket();
      standIn.failNext('storage', 500);

      await expect(
        storage.put({ key: 'tracks/t1/e.mp3', data: mp3, contentType: 'audio/mpeg' }),
      ).rejects.toMatchObject({ code: 'storage_unavailable', retryable: true, statusCode: 500 });
    });
  });
});

describe(SupabaseStandIn.name, () => {
  const standIn = new SupabaseStandIn(SERVICE_KEY);
  let url: string;

  beforeAll(async () => {
    url = (await standIn.start()).url;
  });
  afterAll(() => standIn.stop());
  beforeEach(() => standIn.reset());

  it('accepts a realtime batch broadcast whatever the query string', async () => {
    const response = await fetch(
      `${url}/realtime/v1/api/broadcast?apikey=${SERVICE_KEY}&vsn=2.0.0`,
      {
        method: 'POST',
        headers: { apikey: SERVICE_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({
          messages: [{ topic: 'station', event: 'station_update', payload: { seq: 1 } }],
        }),
      },
    );

    expect(response.status).toBe(202);
    expect(standIn.broadcasts).toEqual([
      { topic: 'station', event: 'station_update', payload: { seq: 1 } },
    ]);
  });

  it('answers the configured failure once', async () => {
    standIn.failNext('realtime', 429);
    const send = () =>
      fetch(`${url}/realtime/v1/api/broadcast/station/events/queue_update`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SERVICE_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ seq: 2 }),
      });

    expect((await send()).status).toBe(429);
    expect((await send()).status).toBe(202);
    expect(standIn.broadcasts).toEqual([
      { topic: 'station', event: 'queue_update', payload: { seq: 2 }, private: false },
    ]);
  });

  it('receives what supabase-js httpSend() posts to the per-event endpoint', async () => {
    type Transport = NonNullable<
      NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']
    >;
    const client = createClient(url, SERVICE_KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as unknown as Transport },
    });
    const channel = client.channel('station:main');

    await expect(channel.httpSend('station_update', { seq: 3 })).resolves.toEqual({
      success: true,
    });
    const [perEvent] = standIn.requestsTo('/realtime/v1/api/broadcast/');

    expect(perEvent.path).toBe('/realtime/v1/api/broadcast/station%3Amain/events/station_update');
    expect(perEvent.headers.apikey).toBe(SERVICE_KEY);
    expect(standIn.broadcasts).toEqual([
      { topic: 'station:main', event: 'station_update', payload: { seq: 3 }, private: false },
    ]);
    await client.removeAllChannels();
  });
});

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAudioKey } from './audio-key.js';
import { LocalDiskAudioStorage } from './local-disk-audio.storage.js';
import { InvalidAudioKeyError, StorageUploadError } from './storage.errors.js';

describe(LocalDiskAudioStorage.name, () => {
  let dir: string;
  let storage: LocalDiskAudioStorage;
  const mp3 = Buffer.from('fake mp3 bytes');

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'radio402-audio-'));
    storage = new LocalDiskAudioStorage({ dir, publicPath: '/api/audio/' });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  describe('put', () => {
    it('writes the bytes under the key and returns its api URL', async () => {
      const key = buildAudioKey('0b9c6f8e-1d2a-4e5b-9c3d-7f6e5d4c3b2a', 'mp3');
      const stored = await storage.put({ key, data: mp3, contentType: 'audio/mpeg' });

      expect(stored).toEqual({ key, url: `/api/audio/${key}`, bytes: mp3.length });
      expect(await readFile(join(dir, key))).toEqual(mp3);
    });

    it('never overwrites an existing key', async () => {
      const key = 'tracks/t1/a.mp3';
      await storage.put({ key, data: mp3, contentType: 'audio/mpeg' });
      const second = storage.put({ key, data: Buffer.from('other'), contentType: 'audio/mpeg' });

      await expect(second).rejects.toBeInstanceOf(StorageUploadError);
      await expect(second).rejects.toMatchObject({ code: 'already_exists', retryable: false });
      expect(await readFile(join(dir, key))).toEqual(mp3);
    });

    it('leaves no temporary files behind', async () => {
      await storage.put({ key: 'tracks/t1/a.mp3', data: mp3, contentType: 'audio/mpeg' });

      expect(await readdir(join(dir, '.incoming'))).toEqual([]);
    });

    it('refuses an unsafe key before touching the disk', async () => {
      await expect(
        storage.put({ key: '../escape.mp3', data: mp3, contentType: 'audio/mpeg' }),
      ).rejects.toBeInstanceOf(InvalidAudioKeyError);
    });
  });

  describe('resolve', () => {
    it('returns the path, size and content type of a stored key', async () => {
      await storage.put({ key: 'tracks/t1/a.mp3', data: mp3, contentType: 'audio/mpeg' });

      expect(await storage.resolve('tracks/t1/a.mp3')).toEqual({
        path: join(dir, 'tracks/t1/a.mp3'),
        size: mp3.length,
        contentType: 'audio/mpeg',
      });
    });

    it('returns null for a key that was never stored', async () => {
      expect(await storage.resolve('tracks/none/a.mp3')).toBeNull();
      expect(await storage.resolve('tracks')).toBeNull();
    });

    it.each([
      '../etc/passwd',
      'tracks/../../etc/passwd',
      '/etc/passwd',
      'tracks\\..\\secret',
      'tracks/a\0.mp3',
      'tracks//a.mp3',
      '.incoming/x.tmp',
      'tracks/./a.mp3',
      '',
    ])('rejects %p with InvalidAudioKeyError', async (key) => {
      await expect(storage.resolve(key)).rejects.toBeInstanceOf(InvalidAudioKeyError);
    });
  });

  describe('contentTypeFor', () => {
    it('maps extensions to the types browsers expect', () => {
      expect(storage.contentTypeFor('a.mp3')).toBe('audio/mpeg');
      expect(storage.contentTypeFor('a.WAV')).toBe('audio/wav');
      expect(storage.contentTypeFor('a.bin')).toBe('application/octet-stream');
    });
  });
});

describe(buildAudioKey.name, () => {
  it('makes a fresh key under the track every time', () => {
    const first = buildAudioKey('track-1', 'mp3');

    expect(first).toMatch(/^tracks\/track-1\/[0-9a-f]{24}\.mp3$/);
    expect(buildAudioKey('track-1', 'mp3')).not.toBe(first);
  });

  it('refuses a track id that could change the path', () => {
    expect(() => buildAudioKey('../x', 'mp3')).toThrow(InvalidAudioKeyError);
    expect(() => buildAudioKey('t', 'mp3/../x')).toThrow(InvalidAudioKeyError);
  });
});

import { randomBytes } from 'node:crypto';
import { link, mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { assertSafeAudioKey, encodeAudioKey } from './audio-key.js';
import type { AudioStorage, StoredAudio } from './audio-storage.port.js';
import { contentTypeFor } from './content-type.js';
import { InvalidAudioKeyError, StorageUploadError } from './storage.errors.js';

export interface LocalDiskAudioStorageOptions {
  dir: string;
  /** URL path the api serves this directory under, e.g. `/api/audio`. */
  publicPath: string;
}

export interface ResolvedAudio {
  path: string;
  size: number;
  contentType: string;
}

/** Hidden from `resolve` because its segment starts with a dot. */
const TEMP_DIR = '.incoming';

/** Audio files under one directory, served by the api itself (with HTTP Range). */
export class LocalDiskAudioStorage implements AudioStorage {
  readonly name = 'local';
  private readonly root: string;
  private readonly publicPath: string;

  constructor(options: LocalDiskAudioStorageOptions) {
    this.root = resolve(options.dir);
    this.publicPath = options.publicPath.replace(/\/+$/, '');
  }

  /**
   * Writes to a temp file, then hard-links it into place: the link is atomic and fails if the key
   * exists, which a rename would silently overwrite.
   */
  async put(object: { key: string; data: Buffer; contentType: string }): Promise<StoredAudio> {
    const target = this.pathFor(object.key);
    const temp = join(this.root, TEMP_DIR, `${randomBytes(12).toString('hex')}.tmp`);

    await mkdir(dirname(temp), { recursive: true });
    await mkdir(dirname(target), { recursive: true });
    await writeFile(temp, object.data, { flag: 'wx' });

    try {
      await link(temp, target);
    } catch (error) {
      if (isErrno(error, 'EEXIST')) {
        throw new StorageUploadError(
          'already_exists',
          `Audio key ${object.key} already exists; keys are never overwritten.`,
          false,
        );
      }
      throw new StorageUploadError(
        'write_failed',
        `Could not store ${object.key}: ${String(error)}`,
        true,
      );
    } finally {
      await unlink(temp).catch(() => undefined);
    }

    return { key: object.key, url: this.urlFor(object.key), bytes: object.data.length };
  }

  urlFor(key: string): string {
    return `${this.publicPath}/${encodeAudioKey(key)}`;
  }

  /** The file behind a key, or null when there is none; InvalidAudioKeyError on unsafe keys. */
  async resolve(key: string): Promise<ResolvedAudio | null> {
    const path = this.pathFor(key);

    try {
      const stats = await stat(path);

      return stats.isFile() ? { path, size: stats.size, contentType: contentTypeFor(key) } : null;
    } catch (error) {
      if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) {
        return null;
      }
      throw error;
    }
  }

  contentTypeFor(key: string): string {
    return contentTypeFor(key);
  }

  private pathFor(key: string): string {
    assertSafeAudioKey(key);
    const path = resolve(this.root, key);

    // Belt and braces: the key check already rules this out.
    if (!path.startsWith(this.root + sep)) {
      throw new InvalidAudioKeyError('the key leaves the storage directory');
    }

    return path;
  }
}

/** Duck-typed: `instanceof Error` fails across realms (Jest's vm context, workers). */
function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

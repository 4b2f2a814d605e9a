import {
  createClient,
  type SupabaseClient,
  type SupabaseClientOptions,
} from '@supabase/supabase-js';
import WebSocket from 'ws';
import type { AudioStorage, StoredAudio } from './audio-storage.port.js';
import { assertSafeAudioKey } from './audio-key.js';
import { StorageUploadError } from './storage.errors.js';

export interface SupabaseAudioStorageOptions {
  url: string;
  serviceRoleKey: string;
  bucket: string;
  /** Seconds; keys are unique per upload, so a year is safe. */
  cacheControlSeconds?: number;
}

export interface BucketState {
  created: boolean;
  public: boolean;
}

type RealtimeTransport = NonNullable<
  NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']
>;

interface StorageFailure {
  message: string;
  status?: number;
  /** The logical status storage puts in the body of its HTTP 400 answers, e.g. '409'. */
  statusCode?: string;
}

/** Audio in a Supabase Storage bucket, served from its public URL. */
export class SupabaseAudioStorage implements AudioStorage {
  readonly name = 'supabase';
  private readonly client: SupabaseClient;
  private readonly cacheControl: string;

  constructor(private readonly options: SupabaseAudioStorageOptions) {
    this.client = createClient(options.url, options.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      // Node 20 has no global WebSocket and the realtime client refuses to construct without one;
      // `ws` is the transport supabase-js documents; its declared constructor type is narrower.
      realtime: { transport: WebSocket as unknown as RealtimeTransport },
    });
    this.cacheControl = String(options.cacheControlSeconds ?? 31_536_000);
  }

  /** Creates the bucket as public when it is missing; safe to call from several replicas. */
  async ensureBucket(): Promise<BucketState> {
    const storage = this.client.storage;
    const existing = await storage.getBucket(this.options.bucket);

    if (existing.data) {
      return { created: false, public: existing.data.public };
    }
    if (!isNotFound(existing.error)) {
      throw toUploadError(existing.error, `Could not read bucket ${this.options.bucket}`);
    }

    const created = await storage.createBucket(this.options.bucket, { public: true });

    // Another replica may have created it between our read and our create.
    if (created.error && logicalStatus(created.error) !== '409') {
      throw toUploadError(created.error, `Could not create bucket ${this.options.bucket}`);
    }

    return { created: !created.error, public: true };
  }

  async put(object: { key: string; data: Buffer; contentType: string }): Promise<StoredAudio> {
    assertSafeAudioKey(object.key);
    let result = await this.upload(object);

    if (result.error && isNotFound(result.error)) {
      await this.ensureBucket();
      result = await this.upload(object);
    }
    if (result.error) {
      throw toUploadError(result.error, `Could not upload ${object.key}`);
    }

    return { key: object.key, url: this.urlFor(object.key), bytes: object.data.length };
  }

  urlFor(key: string): string {
    return this.client.storage.from(this.options.bucket).getPublicUrl(key).data.publicUrl;
  }

  private upload(object: { key: string; data: Buffer; contentType: string }) {
    return this.client.storage.from(this.options.bucket).upload(object.key, object.data, {
      contentType: object.contentType,
      upsert: false,
      cacheControl: this.cacheControl,
    });
  }
}

/** Storage wraps most errors in HTTP 400; the real status is the body's `statusCode`. */
function logicalStatus(error: StorageFailure): string {
  return error.statusCode ?? String(error.status ?? '');
}

function isNotFound(error: StorageFailure | null): boolean {
  return error !== null && (logicalStatus(error) === '404' || /not found/i.test(error.message));
}

function toUploadError(error: StorageFailure | null, context: string): StorageUploadError {
  const status = error ? logicalStatus(error) : '';
  const message = `${context}: ${error?.message ?? 'unknown error'} (status ${status || 'none'}).`;

  if (status === '409') {
    return new StorageUploadError('already_exists', message, false, 409);
  }
  if (status === '401' || status === '403') {
    return new StorageUploadError('unauthorized', message, false, Number(status));
  }

  const numeric = Number(status);
  const retryable = !Number.isFinite(numeric) || numeric === 0 || numeric === 429 || numeric >= 500;

  return new StorageUploadError(
    retryable ? 'storage_unavailable' : 'rejected',
    message,
    retryable,
    Number.isFinite(numeric) && numeric > 0 ? numeric : undefined,
  );
}

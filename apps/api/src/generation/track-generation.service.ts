import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  buildAudioKey,
  GenerationAuthError,
  GenerationError,
  GenerationRejectedError,
  StorageUploadError,
  type AudioStorage,
  type MusicGenerator,
  type StoredAudio,
} from '@radio402/generation';
import { sql } from 'kysely';
import { InjectDb, type Db } from '../database/database.module.js';
import type { TrackRow } from '../database/database.types.js';
import { RealtimeEvents } from '../realtime/realtime-events.js';
import { AUDIO_STORAGE } from '../storage/storage.module.js';
import { TracksRepository } from '../tracks/tracks.repository.js';
import { PaymentAuditRepository } from '../x402/payment-audit.repository.js';
import { MUSIC_GENERATOR } from './music-generator.provider.js';

export type GenerationOutcome =
  | { result: 'ready'; trackId: string }
  | { result: 'failed'; trackId: string; code: string }
  | { result: 'skipped'; trackId?: string; reason: string };

export interface AttemptInfo {
  jobId?: string;
  /** True on the job's last attempt: a retryable failure then fails the track. */
  finalAttempt: boolean;
}

/**
 * Turns one PAID track into READY audio. Safe to run twice for the same track: the claim is a
 * conditional update, the audio key is fixed at the first claim so a re-run reuses the stored
 * file, and every later transition is conditional too.
 */
@Injectable()
export class TrackGenerationService {
  private readonly logger = new Logger(TrackGenerationService.name);

  constructor(
    @InjectDb() private readonly db: Db,
    @Inject(MUSIC_GENERATOR) private readonly generator: MusicGenerator,
    @Inject(AUDIO_STORAGE) private readonly storage: AudioStorage,
    private readonly tracks: TracksRepository,
    private readonly audit: PaymentAuditRepository,
    private readonly events: RealtimeEvents,
  ) {}

  async generate(trackId: string | undefined, attempt: AttemptInfo): Promise<GenerationOutcome> {
    let track: TrackRow | undefined;
    if (trackId) {
      this.logger.log({
        msg: 'Processing specific track',
        track_id: trackId,
        job_id: attempt.jobId,
      });
      track = await this.claimSpecific(trackId);
      if (!track) return { result: 'skipped', trackId, reason: 'not PAID or GENERATING' };
    } else {
      this.logger.log({ msg: 'No specific track, claiming next', job_id: attempt.jobId });
      track = await this.claimNext();
      if (!track) return { result: 'skipped', reason: 'no PAID track' };
    }
    await this.events.publishTrack(track.id);

    try {
      return await this.produce(track);
    } catch (error) {
      return this.handleFailure(track, error, attempt);
    }
  }

  private async produce(track: TrackRow): Promise<GenerationOutcome> {
    const started = Date.now();
    const audio = await this.generator.generate({
      trackId: track.id,
      prompt: track.prompt,
      durationSeconds: track.duration_seconds,
    });
    // Generation takes a while: a track failed or removed meanwhile keeps no file.
    if ((await this.tracks.findById(track.id))?.status !== 'GENERATING') {
      return { result: 'skipped', trackId: track.id, reason: 'left GENERATING meanwhile' };
    }
    const stored = await this.store(track.audio_key!, audio.data, audio.contentType);
    this.logger.log({
      msg: 'Storage upload completed',
      track_id: track.id,
      key: stored.key,
      bytes: stored.bytes,
      content_type: audio.contentType,
    });

    const ready = await this.tracks.transition(track.id, 'GENERATING', 'READY', {
      audio_url: stored.url,
      content_type: audio.contentType,
      audio_duration_ms: audio.durationMs,
      finished_at: new Date(),
      error_code: null,
      error_message: null,
    });
    if (!ready)
      return { result: 'skipped', trackId: track.id, reason: 'left GENERATING meanwhile' };

    this.logger.log({
      msg: 'Track is ready',
      track_id: track.id,
      generator: this.generator.name,
      duration_ms: audio.durationMs,
      generation_ms: Date.now() - started,
    });
    await this.events.publishTrack(track.id);

    return { result: 'ready', trackId: track.id };
  }

  /** A re-run after a crash finds its file already stored under the same key and reuses it. */
  private async store(key: string, data: Buffer, contentType: string): Promise<StoredAudio> {
    try {
      return await this.storage.put({ key, data, contentType });
    } catch (error) {
      if (error instanceof StorageUploadError && error.code === 'already_exists') {
        return { key, url: this.storage.urlFor(key), bytes: data.length };
      }
      throw error;
    }
  }

  private async handleFailure(track: TrackRow, error: unknown, attempt: AttemptInfo) {
    const retryable = !(error instanceof GenerationError) || error.retryable;
    if (retryable && !attempt.finalAttempt) {
      this.logger.warn({
        msg: 'Generation attempt failed and will be retried',
        track_id: track.id,
        err: error,
      });
      throw error;
    }

    const code = error instanceof GenerationError ? error.code : 'generation_failed';
    const message = error instanceof Error ? error.message : String(error);
    const suggestion = error instanceof GenerationRejectedError ? error.suggestion : undefined;
    const failed = await this.tracks.transition(track.id, 'GENERATING', 'FAILED', {
      error_code: code,
      error_message: message.slice(0, 1000),
      error_detail: JSON.stringify({ suggestion, retryable }),
      finished_at: new Date(),
    });
    const log = { msg: 'Track generation failed', track_id: track.id, code, err: error };
    if (error instanceof GenerationAuthError) {
      this.logger.error({ ...log, msg: 'Music provider refused our credentials; fix the key' });
    } else {
      this.logger.warn(log);
    }
    if (failed?.payment_transaction) {
      await this.audit.record({
        trackId: track.id,
        event: 'refund_due',
        payer: failed.payer_address,
        detail: { code, transaction: failed.payment_transaction, amount: failed.price_amount },
      });
    }
    await this.events.publishTrack(track.id);

    return { result: 'failed', trackId: track.id, code } satisfies GenerationOutcome;
  }

  private claimSpecific(trackId: string): Promise<TrackRow | undefined> {
    // GENERATING too: a stalled job re-runs after its worker died mid-generation.
    return this.db
      .updateTable('tracks')
      .set({
        status: 'GENERATING',
        started_at: sql`coalesce(started_at, now())`,
        attempts: sql`attempts + 1`,
        audio_key: sql`coalesce(audio_key, ${buildAudioKey(trackId, 'mp3')})`,
        updated_at: sql`now()`,
      })
      .where('id', '=', trackId)
      .where('status', 'in', ['PAID', 'GENERATING'])
      .returningAll()
      .executeTakeFirst();
  }

  private async claimNext(): Promise<TrackRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const next = await trx
        .selectFrom('tracks')
        .select('id')
        .where('status', '=', 'PAID')
        .orderBy('paid_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!next) return undefined;

      return trx
        .updateTable('tracks')
        .set({
          status: 'GENERATING',
          started_at: sql`now()`,
          attempts: sql`attempts + 1`,
          audio_key: sql`coalesce(audio_key, ${buildAudioKey(next.id, 'mp3')})`,
          updated_at: sql`now()`,
        })
        .where('id', '=', next.id)
        .where('status', '=', 'PAID')
        .returningAll()
        .executeTakeFirst();
    });
  }
}

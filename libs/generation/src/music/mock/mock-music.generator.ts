import { setTimeout as sleep } from 'node:timers/promises';
import { GenerationError, GenerationTransientError } from '../../errors.js';
import { encodeMonoMp3 } from '../../mp3/mp3-encoder.js';
import { measureMp3DurationMs } from '../../mp3/mp3-duration.js';
import { assertDurationInRange } from '../duration-limits.js';
import type { GeneratedAudio, GenerationRequest, MusicGenerator } from '../music-generator.port.js';
import { planSong } from './song-plan.js';
import { renderSong } from './song-renderer.js';

export interface MockMusicGeneratorOptions {
  /** Pretend generation time before synthesis starts; aborted by the request's signal. */
  delayMs: number;
  /** 44100 by default; 24000 or 22050 encode about 35 % faster. */
  sampleRate?: 44100 | 48000 | 32000 | 24000 | 22050 | 16000;
  bitrateKbps?: number;
}

/**
 * Offline stand-in for a music model: a synthesized instrumental (pads, bass, drums, a lead)
 * whose tempo, key and progression come from the prompt, so the same prompt gives the same bytes.
 */
export class MockMusicGenerator implements MusicGenerator {
  readonly name = 'mock';
  private readonly sampleRate: number;
  private readonly bitrateKbps: number;

  constructor(private readonly options: MockMusicGeneratorOptions) {
    this.sampleRate = options.sampleRate ?? 44100;
    this.bitrateKbps = options.bitrateKbps ?? 128;
  }

  async generate(request: GenerationRequest): Promise<GeneratedAudio> {
    assertDurationInRange(request.durationSeconds);

    try {
      if (this.options.delayMs > 0) {
        await sleep(this.options.delayMs, undefined, { signal: request.signal });
      }
      request.signal?.throwIfAborted();

      const pcm = renderSong(planSong(request.prompt), request.durationSeconds, this.sampleRate);
      const data = await encodeMonoMp3(pcm, {
        sampleRate: this.sampleRate,
        bitrateKbps: this.bitrateKbps,
        signal: request.signal,
      });

      return {
        data,
        contentType: 'audio/mpeg',
        extension: 'mp3',
        durationMs: measureMp3DurationMs(data),
        providerId: `mock-${request.trackId}`,
      };
    } catch (error) {
      if (error instanceof GenerationError) {
        throw error;
      }
      if (request.signal?.aborted) {
        throw new GenerationTransientError('aborted', 'Mock generation was aborted.');
      }
      throw error;
    }
  }
}

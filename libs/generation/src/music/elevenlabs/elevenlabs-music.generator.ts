import { ElevenLabs, ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import { GenerationRejectedError, GenerationTransientError } from '../../errors.js';
import { measureMp3DurationMs } from '../../mp3/mp3-duration.js';
import { assertDurationInRange } from '../duration-limits.js';
import type { GeneratedAudio, GenerationRequest, MusicGenerator } from '../music-generator.port.js';
import { classifyElevenLabsError } from './elevenlabs-error.classifier.js';
import { readWebStream } from './read-web-stream.js';

/** Only MP3 formats: the duration is measured from MPEG frames and stored as audio/mpeg. */
export type ElevenLabsMp3Format = Extract<
  ElevenLabs.MusicComposeRequestOutputFormat,
  `mp3_${string}`
>;

export interface ElevenLabsMusicGeneratorOptions {
  apiKey: string;
  baseUrl?: string;
  /** `music_v1` by default. */
  modelId?: ElevenLabs.MusicModelId;
  /** `mp3_44100_128` by default. */
  outputFormat?: ElevenLabsMp3Format;
  /** Whole-request deadline, headers and body (the SDK's own timeout stops at the headers). */
  timeoutSeconds?: number;
  /** On `bad_prompt` with a `prompt_suggestion`, try once more with the suggestion. */
  retryWithSuggestion?: boolean;
}

const DEFAULT_TIMEOUT_SECONDS = 240;

/** ElevenLabs Music through the official SDK; retries are left to the job queue. */
export class ElevenLabsMusicGenerator implements MusicGenerator {
  readonly name = 'elevenlabs';
  private readonly client: ElevenLabsClient;
  private readonly timeoutSeconds: number;

  constructor(private readonly options: ElevenLabsMusicGeneratorOptions) {
    if (!options.apiKey) {
      throw new Error('ElevenLabsMusicGenerator needs an API key.');
    }
    this.timeoutSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    // SDK 2.73.0 leaves its header timer running when fetch rejects (network error, abort); it
    // fires harmlessly after `timeoutSeconds`, so keep that value close to the real need.
    this.client = new ElevenLabsClient({
      apiKey: options.apiKey,
      baseUrl: options.baseUrl,
      maxRetries: 0,
      timeoutInSeconds: this.timeoutSeconds,
    });
  }

  async generate(request: GenerationRequest): Promise<GeneratedAudio> {
    assertDurationInRange(request.durationSeconds);

    try {
      return await this.compose(request, request.prompt);
    } catch (error) {
      const suggestion = error instanceof GenerationRejectedError ? error.suggestion : undefined;

      if (this.options.retryWithSuggestion && error instanceof GenerationRejectedError) {
        if (error.code === 'bad_prompt' && suggestion && suggestion !== request.prompt) {
          return { ...(await this.compose(request, suggestion)), promptUsed: suggestion };
        }
      }
      throw error;
    }
  }

  private async compose(request: GenerationRequest, prompt: string): Promise<GeneratedAudio> {
    const deadline = AbortSignal.timeout(this.timeoutSeconds * 1000);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;

    try {
      const { data: stream, rawResponse } = await this.client.music
        .compose(
          {
            prompt,
            musicLengthMs: Math.round(request.durationSeconds * 1000),
            modelId: this.options.modelId ?? 'music_v1',
            outputFormat: this.options.outputFormat ?? 'mp3_44100_128',
          },
          { timeoutInSeconds: this.timeoutSeconds, abortSignal: signal },
        )
        .withRawResponse();
      const data = await readWebStream(stream);
      const durationMs = measureMp3DurationMs(data);

      if (durationMs === 0) {
        throw new GenerationTransientError(
          'invalid_audio',
          `ElevenLabs returned ${data.length} bytes with no MPEG audio frame.`,
        );
      }

      return {
        data,
        contentType: 'audio/mpeg',
        extension: 'mp3',
        durationMs,
        providerId: rawResponse.headers.get('song-id') ?? undefined,
      };
    } catch (error) {
      throw classifyElevenLabsError(error, {
        timedOut: deadline.aborted,
        aborted: request.signal?.aborted ?? false,
        apiKey: this.options.apiKey,
      });
    }
  }
}

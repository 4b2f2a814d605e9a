import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ElevenLabsStandIn } from '../../../../../test/stand-ins/elevenlabs.stand-in.js';
import {
  GenerationAuthError,
  GenerationError,
  GenerationRejectedError,
  GenerationTransientError,
} from '../../errors.js';
import {
  ElevenLabsMusicGenerator,
  type ElevenLabsMusicGeneratorOptions,
} from './elevenlabs-music.generator.js';

const API_KEY = 'sk_test_very_secret_eleven_key_123';

describe(ElevenLabsMusicGenerator.name, () => {
  const standIn = new ElevenLabsStandIn({ apiKey: API_KEY });
  let baseUrl: string;

  const generatorWith = (options: Partial<ElevenLabsMusicGeneratorOptions> = {}) =>
    new ElevenLabsMusicGenerator({ apiKey: API_KEY, baseUrl, timeoutSeconds: 10, ...options });
  const request = (prompt = 'Warm jazz piano trio', durationSeconds = 5) => ({
    trackId: 'track-1',
    prompt,
    durationSeconds,
  });
  const failureOf = async (promise: Promise<unknown>): Promise<GenerationError> => {
    const error = await promise.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(GenerationError);
    const generationError = error as GenerationError;
    expect(JSON.stringify({ ...generationError, message: generationError.message })).not.toContain(
      API_KEY,
    );
    expect(String(generationError.stack)).not.toContain(API_KEY);

    return generationError;
  };

  beforeAll(async () => {
    baseUrl = (await standIn.start()).url;
  });
  afterAll(() => standIn.stop());
  beforeEach(() => standIn.reset());

  describe('generate', () => {
    it('returns the MP3 bytes, song id and measured duration', async () => {
      const audio = await generatorWith().generate(request());

      expect(audio.contentType).toBe('audio/mpeg');
      expect(audio.extension).toBe('mp3');
      expect(audio.data.subarray(0, 2).toString('hex')).toMatch(/^fff/);
      expect(Math.abs(audio.durationMs - 5000)).toBeLessThan(500);
      expect(audio.providerId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('sends the key, prompt, length, model and output format the API documents', async () => {
      await generatorWith().generate(request('Calm ambient pads', 4));
      const [sent] = standIn.requests;

      expect(sent.path).toBe('/v1/music');
      expect(sent.headers['xi-api-key']).toBe(API_KEY);
      expect(sent.query.output_format).toBe('mp3_44100_128');
      expect(sent.body).toEqual({
        prompt: 'Calm ambient pads',
        music_length_ms: 4000,
        model_id: 'music_v1',
      });
    });

    it('rejects bad_prompt as terminal and keeps the suggestion', async () => {
      standIn.enqueue({ kind: 'bad_prompt', suggestion: 'An upbeat pop instrumental' });
      const error = await failureOf(
        generatorWith().generate(request('in the style of a famous artist')),
      );

      expect(error).toBeInstanceOf(GenerationRejectedError);
      expect(error).toMatchObject({ code: 'bad_prompt', retryable: false, statusCode: 400 });
      expect((error as GenerationRejectedError).suggestion).toBe('An upbeat pop instrumental');
      expect(standIn.requestCount).toBe(1);
    });

    it('retries once with the suggested prompt when asked to', async () => {
      standIn.enqueue({ kind: 'bad_prompt', suggestion: 'An upbeat pop instrumental' });
      const audio = await generatorWith({ retryWithSuggestion: true }).generate(
        request('famous artist'),
      );

      expect(audio.promptUsed).toBe('An upbeat pop instrumental');
      expect(standIn.requests.map((sent) => (sent.body as { prompt: string }).prompt)).toEqual([
        'famous artist',
        'An upbeat pop instrumental',
      ]);
    });

    it('does not retry a bad_prompt that carries no suggestion', async () => {
      standIn.enqueue({ kind: 'bad_prompt' });
      const error = await failureOf(
        generatorWith({ retryWithSuggestion: true }).generate(request()),
      );

      expect(error).toMatchObject({ code: 'bad_prompt', suggestion: undefined });
      expect(standIn.requestCount).toBe(1);
    });

    it('treats a 401 quota_exceeded as a terminal account problem', async () => {
      standIn.enqueue({ kind: 'quota_exceeded' });
      const error = await failureOf(generatorWith().generate(request()));

      expect(error).toBeInstanceOf(GenerationAuthError);
      expect(error).toMatchObject({ code: 'quota_exceeded', retryable: false, statusCode: 401 });
    });

    it('treats a wrong key as invalid_api_key without echoing it', async () => {
      const generator = new ElevenLabsMusicGenerator({ apiKey: 'sk_wrong_key_456', baseUrl });
      const error = await generator.generate(request()).catch((reason: unknown) => reason);

      expect(error).toBeInstanceOf(GenerationAuthError);
      expect(error).toMatchObject({ code: 'invalid_api_key' });
      expect((error as Error).message).not.toContain('sk_wrong_key_456');
    });

    it('treats 429 as transient and passes on Retry-After', async () => {
      standIn.enqueue({ kind: 'rate_limited', retryAfterSeconds: 2 });
      const error = await failureOf(generatorWith().generate(request()));

      expect(error).toBeInstanceOf(GenerationTransientError);
      expect(error).toMatchObject({
        code: 'too_many_concurrent_requests',
        statusCode: 429,
        retryAfterMs: 2000,
      });
      expect(standIn.requestCount).toBe(1);

      await expect(generatorWith().generate(request())).resolves.toMatchObject({
        extension: 'mp3',
      });
    });

    it('treats 500 as transient and leaves retrying to the caller', async () => {
      standIn.failWith({ kind: 'server_error' });
      const error = await failureOf(generatorWith().generate(request()));

      expect(error).toBeInstanceOf(GenerationTransientError);
      expect(error).toMatchObject({ statusCode: 500, retryable: true });
      expect(standIn.requestCount).toBe(1);
    });

    it('treats slow response headers as a transient timeout', async () => {
      standIn.enqueue({ kind: 'slow_headers', delayMs: 3_000 });
      const error = await failureOf(generatorWith({ timeoutSeconds: 0.3 }).generate(request()));

      expect(error).toBeInstanceOf(GenerationTransientError);
      expect(error.code).toBe('timeout');
    });

    it('times out a body that stalls past the deadline', async () => {
      standIn.enqueue({ kind: 'slow_body', delayMs: 3_000 });
      const error = await failureOf(generatorWith({ timeoutSeconds: 1 }).generate(request()));

      expect(error).toMatchObject({ code: 'timeout', retryable: true });
    });

    it('treats a stream dropped mid-body as transient', async () => {
      standIn.enqueue({ kind: 'drop_stream' });
      const error = await failureOf(generatorWith().generate(request()));

      expect(error).toBeInstanceOf(GenerationTransientError);
      expect(error.code).toBe('stream_interrupted');
    });

    it('treats an unreachable server as a transient network error', async () => {
      const generator = new ElevenLabsMusicGenerator({
        apiKey: API_KEY,
        baseUrl: 'http://127.0.0.1:1',
        timeoutSeconds: 1,
      });
      const error = await failureOf(generator.generate(request()));

      expect(error).toMatchObject({ code: 'network_error', retryable: true });
    });

    it('reports an aborted request as aborted', async () => {
      standIn.enqueue({ kind: 'slow_headers', delayMs: 3_000 });
      const controller = new AbortController();
      // The SDK never clears its header timer when fetch rejects on abort; keep that timer short.
      const pending = generatorWith({ timeoutSeconds: 1 }).generate({
        ...request(),
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 100);
      const error = await failureOf(pending);

      expect(error).toMatchObject({ code: 'aborted', retryable: true });
    });
  });
});

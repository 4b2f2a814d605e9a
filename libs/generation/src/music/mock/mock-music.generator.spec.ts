import { describe, expect, it } from '@jest/globals';
import { MPEGDecoder } from 'mpg123-decoder';
import { GenerationRejectedError, GenerationTransientError } from '../../errors.js';
import { measureMp3DurationMs } from '../../mp3/mp3-duration.js';
import { MockMusicGenerator } from './mock-music.generator.js';

const request = (prompt: string, durationSeconds: number) => ({
  trackId: 'track-1',
  prompt,
  durationSeconds,
});

async function decode(data: Buffer) {
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    return decoder.decode(new Uint8Array(data));
  } finally {
    decoder.free();
  }
}

describe(MockMusicGenerator.name, () => {
  const generator = new MockMusicGenerator({ delayMs: 0 });

  describe('generate', () => {
    it('returns a real MP3 of the asked duration that a decoder accepts', async () => {
      const audio = await generator.generate(request('Dreamy lo-fi instrumental', 12));

      expect(audio.contentType).toBe('audio/mpeg');
      expect(audio.extension).toBe('mp3');
      expect(Math.abs(audio.durationMs - 12_000)).toBeLessThan(500);
      expect(measureMp3DurationMs(audio.data)).toBe(audio.durationMs);

      const decoded = await decode(audio.data);

      expect(decoded.errors).toEqual([]);
      expect(decoded.sampleRate).toBe(44100);
      expect(Math.abs(decoded.samplesDecoded - 12 * 44100)).toBeLessThan(0.5 * 44100);
    });

    it('yields exactly the asked number of samples to a gapless decoder', async () => {
      const audio = await generator.generate(request('Exact length please', 7.5));
      const decoded = await decode(audio.data);

      expect(decoded.samplesDecoded).toBe(7.5 * 44100);
      expect(audio.durationMs).toBe(7500);
    });

    it('produces audible, non-clipping sound that starts and ends silent', async () => {
      const audio = await generator.generate(request('Upbeat dance groove', 20));
      const samples = (await decode(audio.data)).channelData[0];
      let sumSquares = 0;
      let peak = 0;
      for (const sample of samples) {
        sumSquares += sample * sample;
        peak = Math.max(peak, Math.abs(sample));
      }

      expect(Math.sqrt(sumSquares / samples.length)).toBeGreaterThan(0.05);
      expect(peak).toBeLessThan(1);
      expect(Math.abs(samples[0])).toBeLessThan(0.01);
      expect(Math.abs(samples[samples.length - 1])).toBeLessThan(0.01);
    });

    it('returns identical bytes for the same prompt', async () => {
      const first = await generator.generate(request('Sunny acoustic morning', 6));
      const second = await generator.generate(request('Sunny acoustic morning', 6));

      expect(first.data.equals(second.data)).toBe(true);
    });

    it('returns different audio for different prompts', async () => {
      const first = await generator.generate(request('Sunny acoustic morning', 6));
      const second = await generator.generate(request('Dark rainy night drive', 6));

      expect(first.data.equals(second.data)).toBe(false);
    });

    it('rejects a duration outside 3-600 seconds', async () => {
      await expect(generator.generate(request('too short', 1))).rejects.toBeInstanceOf(
        GenerationRejectedError,
      );
    });

    it('stops waiting when the signal aborts', async () => {
      const slow = new MockMusicGenerator({ delayMs: 10_000 });
      const controller = new AbortController();
      const pending = slow.generate({ ...request('slow', 5), signal: controller.signal });
      controller.abort();

      await expect(pending).rejects.toMatchObject({ code: 'aborted' });
      await expect(pending).rejects.toBeInstanceOf(GenerationTransientError);
    });
  });
});

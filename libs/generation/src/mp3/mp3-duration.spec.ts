import { describe, expect, it } from '@jest/globals';
import { planSong } from '../music/mock/song-plan.js';
import { renderSong } from '../music/mock/song-renderer.js';
import { encodeMonoMp3 } from './mp3-encoder.js';
import { measureMp3DurationMs } from './mp3-duration.js';
import { parseFrameHeader } from './mpeg-frame-header.js';

async function encode(seconds: number, sampleRate: 44100 | 24000, bitrateKbps: number) {
  const pcm = renderSong(planSong('measure me'), seconds, sampleRate);

  return encodeMonoMp3(pcm, { sampleRate, bitrateKbps });
}

/** The same audio without the Info frame, as an encoder that writes no tag would leave it. */
function withoutInfoFrame(mp3: Buffer): Buffer {
  const header = parseFrameHeader(mp3, 0);
  if (!header) throw new Error('no frame');

  return mp3.subarray(header.frameLength);
}

function id3v2(size: number): Buffer {
  const tag = Buffer.alloc(10 + size, 0xff);
  tag.write('ID3', 0, 'latin1');
  tag[3] = 4;
  tag[4] = 0;
  tag[5] = 0;
  tag[6] = (size >> 21) & 0x7f;
  tag[7] = (size >> 14) & 0x7f;
  tag[8] = (size >> 7) & 0x7f;
  tag[9] = size & 0x7f;

  return tag;
}

describe(measureMp3DurationMs.name, () => {
  it('takes the exact duration from the Info tag, net of encoder delay and padding', async () => {
    expect(measureMp3DurationMs(await encode(4.25, 44100, 128))).toBe(4250);
  });

  it('walks the frames when there is no tag', async () => {
    const durationMs = measureMp3DurationMs(withoutInfoFrame(await encode(6, 44100, 128)));

    expect(durationMs).toBeGreaterThanOrEqual(6000);
    expect(durationMs).toBeLessThan(6100);
  });

  it('handles MPEG-2 frames of 576 samples', async () => {
    const mp3 = await encode(5, 24000, 64);

    expect(parseFrameHeader(mp3, 0)).toMatchObject({ version: 2, samplesPerFrame: 576 });
    expect(measureMp3DurationMs(mp3)).toBe(5000);
    expect(Math.abs(measureMp3DurationMs(withoutInfoFrame(mp3)) - 5000)).toBeLessThan(100);
  });

  it('skips an ID3v2 tag full of false sync bytes and a trailing ID3v1 tag', async () => {
    const audio = withoutInfoFrame(await encode(4, 44100, 128));
    const id3v1 = Buffer.alloc(128, 0x20);
    id3v1.write('TAG', 0, 'latin1');
    const tagged = Buffer.concat([id3v2(700), audio, id3v1]);

    expect(measureMp3DurationMs(tagged)).toBe(measureMp3DurationMs(audio));
  });

  it('returns 0 when there is no MPEG audio', () => {
    expect(measureMp3DurationMs(Buffer.alloc(0))).toBe(0);
    expect(measureMp3DurationMs(Buffer.from('{"detail":"not audio"}'))).toBe(0);
    expect(measureMp3DurationMs(Buffer.alloc(4096, 0xff))).toBe(0);
  });
});

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Mp3Encoder } from '@breezystack/lamejs';
import { buildInfoFrame } from './info-tag.writer.js';

/** LAME's fixed look-ahead; decoders add their own 529 samples, as the tag format expects. */
const LAME_ENCODER_DELAY = 576;
/** About 0.8 s at 44.1 kHz: short enough to keep the event loop responsive between chunks. */
const CHUNK_SAMPLES = 1152 * 32;

export interface Mp3EncodeOptions {
  sampleRate: number;
  bitrateKbps: number;
  signal?: AbortSignal;
}

/**
 * Encodes mono 16-bit PCM to a CBR MP3 with a LAME Info frame (gapless metadata). Yields to the
 * event loop between chunks so that a long track does not stall HTTP or queue lock renewals.
 */
export async function encodeMonoMp3(pcm: Int16Array, options: Mp3EncodeOptions): Promise<Buffer> {
  const encoder = new Mp3Encoder(1, options.sampleRate, options.bitrateKbps);
  const chunks: Uint8Array[] = [];

  for (let start = 0; start < pcm.length; start += CHUNK_SAMPLES) {
    options.signal?.throwIfAborted();
    chunks.push(encoder.encodeBuffer(pcm.subarray(start, start + CHUNK_SAMPLES)));
    await yieldToEventLoop();
  }
  chunks.push(encoder.flush());

  const audio = Buffer.concat(chunks.map(asBytes));
  const infoFrame = buildInfoFrame({
    audio,
    encoderDelay: LAME_ENCODER_DELAY,
    sampleCount: pcm.length,
  });

  return infoFrame ? Buffer.concat([infoFrame, audio]) : audio;
}

/** lamejs hands back Int8Array views despite its typings; reinterpret without copying. */
function asBytes(chunk: Uint8Array | Int8Array): Uint8Array {
  return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

import { crc16 } from './crc16.js';
import { parseFrameHeader } from './mpeg-frame-header.js';

const XING_FIELDS_LENGTH = 4 + 4 + 4 + 4 + 100 + 4;
const LAME_TAG_LENGTH = 36;
const TAG_CRC_SPAN = 190;

export interface InfoTagInput {
  /** The encoded audio frames, without any tag. */
  audio: Uint8Array;
  encoderDelay: number;
  /** Samples fed to the encoder; padding is derived from it. */
  sampleCount: number;
  encoderName?: string;
}

/**
 * Builds the LAME "Info" frame that goes before CBR audio so that players know the frame count
 * and trim encoder delay and padding: a gapless decoder then yields exactly `sampleCount` samples.
 * Returns null when the first frame is too small to hold the tag (very low bitrates).
 */
export function buildInfoFrame(input: InfoTagInput): Buffer | null {
  const header = parseFrameHeader(input.audio, 0);

  if (!header || header.layer !== 3) {
    return null;
  }

  const frameLength = header.frameLength - (((input.audio[2] >> 1) & 1) === 1 ? 1 : 0);
  const tagOffset = 4 + header.sideInfoLength;
  const lameOffset = tagOffset + XING_FIELDS_LENGTH;

  if (frameLength < Math.max(lameOffset + LAME_TAG_LENGTH, TAG_CRC_SPAN)) {
    return null;
  }

  const frames = countFrames(input.audio);
  const padding = frames * header.samplesPerFrame - input.encoderDelay - input.sampleCount;

  if (padding < 0 || padding > 0xfff || input.encoderDelay > 0xfff) {
    return null;
  }

  const frame = Buffer.alloc(frameLength);
  frame.set(input.audio.subarray(0, 4), 0);
  frame[2] &= ~0x02;

  frame.write('Info', tagOffset, 'latin1');
  frame.writeUInt32BE(0x0f, tagOffset + 4);
  frame.writeUInt32BE(frames, tagOffset + 8);
  frame.writeUInt32BE(frameLength + input.audio.length, tagOffset + 12);
  for (let i = 0; i < 100; i++) {
    frame[tagOffset + 16 + i] = Math.floor((i * 256) / 100);
  }
  frame.writeUInt32BE(100, tagOffset + 116);

  const name = (input.encoderName ?? 'LAME3.100').padEnd(9, ' ').slice(0, 9);
  frame.write(name, lameOffset, 'latin1');
  frame[lameOffset + 9] = 0x01;
  frame[lameOffset + 20] = Math.min(255, header.bitrateKbps);
  frame.writeUIntBE((input.encoderDelay << 12) | padding, lameOffset + 21, 3);
  frame.writeUInt32BE(frameLength + input.audio.length, lameOffset + 28);
  frame.writeUInt16BE(crc16(input.audio), lameOffset + 32);
  frame.writeUInt16BE(crc16(frame.subarray(0, TAG_CRC_SPAN)), lameOffset + 34);

  return frame;
}

function countFrames(audio: Uint8Array): number {
  let frames = 0;
  let offset = 0;

  while (offset < audio.length) {
    const header = parseFrameHeader(audio, offset);
    if (!header) {
      break;
    }
    frames++;
    offset += header.frameLength;
  }

  return frames;
}

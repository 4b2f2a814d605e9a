import { parseFrameHeader, type MpegFrameHeader } from './mpeg-frame-header.js';
import { readXingTag } from './xing-tag.js';

/**
 * Playing time of an MPEG audio buffer in milliseconds, from its frames: skips ID3v2, honours a
 * Xing/Info tag (frame count, LAME encoder delay and padding) and otherwise walks every frame.
 * Returns 0 when no MPEG audio frame is found.
 */
export function measureMp3DurationMs(buf: Uint8Array): number {
  const first = findFirstFrame(buf, skipId3v2(buf));

  if (!first) {
    return 0;
  }

  const tag = readXingTag(buf, first.offset, first.header);

  if (tag?.frames !== undefined && tag.frames > 0) {
    const gapless = (tag.encoderDelay ?? 0) + (tag.encoderPadding ?? 0);
    const samples = Math.max(0, tag.frames * first.header.samplesPerFrame - gapless);

    return Math.round((samples * 1000) / first.header.sampleRate);
  }

  return Math.round(sumFrameDurationsMs(buf, first.offset, tag !== null));
}

function sumFrameDurationsMs(buf: Uint8Array, start: number, skipFirst: boolean): number {
  let offset = start;
  let totalMs = 0;
  let skip = skipFirst;

  while (offset + 4 <= buf.length) {
    const header = parseFrameHeader(buf, offset);

    if (!header) {
      if (isTrailingTag(buf, offset)) {
        break;
      }
      const next = findFirstFrame(buf, offset + 1);
      if (!next) {
        break;
      }
      offset = next.offset;
      continue;
    }
    if (offset + header.frameLength > buf.length) {
      break;
    }
    if (!skip) {
      totalMs += (header.samplesPerFrame * 1000) / header.sampleRate;
    }
    skip = false;
    offset += header.frameLength;
  }

  return totalMs;
}

function skipId3v2(buf: Uint8Array): number {
  let offset = 0;

  // Some taggers chain several ID3v2 blocks; skip them all.
  while (
    offset + 10 <= buf.length &&
    buf[offset] === 0x49 &&
    buf[offset + 1] === 0x44 &&
    buf[offset + 2] === 0x33
  ) {
    const size =
      ((buf[offset + 6] & 0x7f) << 21) |
      ((buf[offset + 7] & 0x7f) << 14) |
      ((buf[offset + 8] & 0x7f) << 7) |
      (buf[offset + 9] & 0x7f);
    const hasFooter = (buf[offset + 5] & 0x10) !== 0;
    offset += 10 + size + (hasFooter ? 10 : 0);
  }

  return offset;
}

/** A sync word is only trusted when the next frame starts where this one says it ends. */
function findFirstFrame(
  buf: Uint8Array,
  from: number,
): { offset: number; header: MpegFrameHeader } | null {
  for (let offset = from; offset + 4 <= buf.length; offset++) {
    if (buf[offset] !== 0xff) {
      continue;
    }

    const header = parseFrameHeader(buf, offset);

    if (!header) {
      continue;
    }

    const nextOffset = offset + header.frameLength;
    const next = parseFrameHeader(buf, nextOffset);
    const endsAtBufferEnd = nextOffset <= buf.length && nextOffset > buf.length - 4;

    if (endsAtBufferEnd || (next && next.sampleRate === header.sampleRate)) {
      return { offset, header };
    }
  }

  return null;
}

function isTrailingTag(buf: Uint8Array, offset: number): boolean {
  const ascii = String.fromCharCode(...buf.subarray(offset, offset + 8));

  return ascii.startsWith('TAG') || ascii === 'APETAGEX';
}

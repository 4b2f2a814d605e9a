import type { MpegFrameHeader } from './mpeg-frame-header.js';

const FLAG_FRAMES = 0x1;
const FLAG_BYTES = 0x2;
const FLAG_TOC = 0x4;
const FLAG_QUALITY = 0x8;

export interface XingTag {
  /** Audio frames after the tag frame. */
  frames?: number;
  /** Encoder delay and padding from a LAME-style extension, in samples. */
  encoderDelay?: number;
  encoderPadding?: number;
}

/** Reads a Xing/Info tag from the first frame: the gapless metadata LAME and ffmpeg write. */
export function readXingTag(
  buf: Uint8Array,
  frameOffset: number,
  header: MpegFrameHeader,
): XingTag | null {
  if (header.layer !== 3) {
    return null;
  }

  const tagOffset = frameOffset + 4 + header.sideInfoLength;
  const frameEnd = Math.min(buf.length, frameOffset + header.frameLength);

  if (tagOffset + 8 > frameEnd) {
    return null;
  }

  const id = String.fromCharCode(...buf.subarray(tagOffset, tagOffset + 4));

  if (id !== 'Xing' && id !== 'Info') {
    return null;
  }

  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const flags = view.getUint32(tagOffset + 4);
  let cursor = tagOffset + 8;
  const tag: XingTag = {};

  if (flags & FLAG_FRAMES) {
    if (cursor + 4 > frameEnd) {
      return null;
    }
    tag.frames = view.getUint32(cursor);
    cursor += 4;
  }
  cursor += (flags & FLAG_BYTES ? 4 : 0) + (flags & FLAG_TOC ? 100 : 0);
  cursor += flags & FLAG_QUALITY ? 4 : 0;

  // The encoder string is free text ("LAME3.100", "Lavc60.3"); only the layout matters.
  if (cursor + 24 <= frameEnd && isPrintable(buf.subarray(cursor, cursor + 4))) {
    const packed = (buf[cursor + 21] << 16) | (buf[cursor + 22] << 8) | buf[cursor + 23];
    tag.encoderDelay = packed >> 12;
    tag.encoderPadding = packed & 0xfff;
  }

  return tag;
}

function isPrintable(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte >= 0x20 && byte < 0x7f);
}

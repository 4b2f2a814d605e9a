export interface ByteRange {
  start: number;
  /** Inclusive, as in `Content-Range`. */
  end: number;
}

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * Reads a `Range` header for a body of `size` bytes (RFC 9110 §14):
 * - a range (`bytes=a-b`, `bytes=a-`, `bytes=-n`) clamped to the body: answer 206
 * - `'unsatisfiable'` when it starts past the end (or asks for the last 0 bytes): answer 416
 * - null when there is no header or it can be ignored: answer 200 with the whole body. That covers
 *   other units, syntax errors, `a > b`, and multiple ranges, which this server does not split into
 *   multipart/byteranges (the RFC lets a server ignore Range; players only send one).
 */
export function parseByteRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | null {
  const match = header ? SINGLE_RANGE.exec(header.trim()) : null;

  if (!match) {
    return null;
  }

  const [, first, last] = match;

  if (first === '' && last === '') {
    return null;
  }
  if (first === '') {
    const suffix = Number(last);

    if (!Number.isSafeInteger(suffix)) {
      return null;
    }

    return suffix === 0 || size === 0
      ? 'unsatisfiable'
      : { start: Math.max(0, size - suffix), end: size - 1 };
  }

  const start = Number(first);
  const end = last === '' ? Number.MAX_SAFE_INTEGER : Number(last);

  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) {
    return null;
  }

  return start >= size ? 'unsatisfiable' : { start, end: Math.min(end, size - 1) };
}

import { randomBytes } from 'node:crypto';
import { InvalidAudioKeyError } from './storage.errors.js';

const TRACK_ID = /^[A-Za-z0-9_-]{1,128}$/;
const EXTENSION = /^[a-z0-9]{1,8}$/;
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const MAX_KEY_LENGTH = 512;

/**
 * A fresh key per upload (`tracks/<trackId>/<random>.<ext>`): a regenerated track never reuses a
 * URL, so CDNs and browsers can cache audio forever.
 */
export function buildAudioKey(trackId: string, extension: string): string {
  if (!TRACK_ID.test(trackId)) {
    throw new InvalidAudioKeyError('the track id must be 1-128 letters, digits, "-" or "_"');
  }
  if (!EXTENSION.test(extension)) {
    throw new InvalidAudioKeyError('the extension must be 1-8 lowercase letters or digits');
  }

  return `tracks/${trackId}/${randomBytes(12).toString('hex')}.${extension}`;
}

/**
 * Accepts only relative, slash-separated keys whose segments are plain names: no `..`, no
 * absolute paths, no backslashes or NUL, no hidden files. Throws InvalidAudioKeyError otherwise.
 */
export function assertSafeAudioKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new InvalidAudioKeyError(`a key must be 1-${MAX_KEY_LENGTH} characters`);
  }
  if (key.includes('\0') || key.includes('\\')) {
    throw new InvalidAudioKeyError('NUL and backslash are not allowed');
  }
  if (key.startsWith('/')) {
    throw new InvalidAudioKeyError('absolute paths are not allowed');
  }

  for (const segment of key.split('/')) {
    if (segment === '.' || segment === '..') {
      throw new InvalidAudioKeyError('path traversal is not allowed');
    }
    if (!SEGMENT.test(segment)) {
      throw new InvalidAudioKeyError('each segment must be a plain file or folder name');
    }
  }
}

/** The URL path form of a key: each segment percent-encoded, slashes kept. */
export function encodeAudioKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

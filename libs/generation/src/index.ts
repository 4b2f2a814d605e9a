import type * as elevenlabs from './music/elevenlabs/elevenlabs-music.generator.js';

export * from './errors.js';
export * from './music/music-generator.port.js';
export * from './music/duration-limits.js';
export {
  MockMusicGenerator,
  type MockMusicGeneratorOptions,
} from './music/mock/mock-music.generator.js';
export type {
  ElevenLabsMusicGenerator,
  ElevenLabsMusicGeneratorOptions,
  ElevenLabsMp3Format,
} from './music/elevenlabs/elevenlabs-music.generator.js';

/**
 * The ElevenLabs SDK weighs about 100 MB in memory, so its generator loads only when a process
 * actually generates with it.
 */
export async function createElevenLabsMusicGenerator(
  options: elevenlabs.ElevenLabsMusicGeneratorOptions,
) {
  const { ElevenLabsMusicGenerator } =
    await import('./music/elevenlabs/elevenlabs-music.generator.js');

  return new ElevenLabsMusicGenerator(options);
}
export { measureMp3DurationMs } from './mp3/mp3-duration.js';
export * from './storage/audio-storage.port.js';
export * from './storage/storage.errors.js';
export { buildAudioKey, assertSafeAudioKey, encodeAudioKey } from './storage/audio-key.js';
export { contentTypeFor } from './storage/content-type.js';
export { parseByteRange, type ByteRange } from './storage/byte-range.js';
export {
  LocalDiskAudioStorage,
  type LocalDiskAudioStorageOptions,
  type ResolvedAudio,
} from './storage/local-disk-audio.storage.js';
export {
  SupabaseAudioStorage,
  type SupabaseAudioStorageOptions,
  type BucketState,
} from './storage/supabase-audio.storage.js';

export * from './errors.js';
export * from './music/music-generator.port.js';
export * from './music/duration-limits.js';
export {
  MockMusicGenerator,
  type MockMusicGeneratorOptions,
} from './music/mock/mock-music.generator.js';
export {
  ElevenLabsMusicGenerator,
  type ElevenLabsMusicGeneratorOptions,
  type ElevenLabsMp3Format,
} from './music/elevenlabs/elevenlabs-music.generator.js';
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

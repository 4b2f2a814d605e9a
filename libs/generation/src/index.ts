export * from './errors.js';
export * from './music/music-generator.port.js';
export * from './music/duration-limits.js';
export {
  MockMusicGenerator,
  type MockMusicGeneratorOptions,
} from './music/mock/mock-music.generator.js';
export { measureMp3DurationMs } from './mp3/mp3-duration.js';

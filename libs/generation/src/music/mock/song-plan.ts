import { SeededRandom, hashString } from './seeded-random.js';

export type Mode = 'major' | 'minor';
export type DrumStyle = 'laid-back' | 'pop' | 'four-on-the-floor';

export interface SongPlan {
  seed: number;
  bpm: number;
  /** MIDI note of the tonic in the bass register. */
  tonic: number;
  mode: Mode;
  /** Scale degrees (0-based), one chord per bar, looped. */
  progression: number[];
  sevenths: boolean;
  drumStyle: DrumStyle;
  /** Fraction of a 16th note by which off-beat 16ths are delayed. */
  swing: number;
  melodyDensity: number;
}

const CALM_WORDS = ['lo-fi', 'lofi', 'chill', 'ambient', 'dream', 'relax', 'sleep', 'calm', 'slow'];
const ENERGETIC_WORDS = ['dance', 'upbeat', 'energ', 'edm', 'house', 'techno', 'fast', 'party'];
const MINOR_WORDS = ['sad', 'dark', 'melanch', 'moody', 'night', 'minor', 'rain', 'lonely'];
const MAJOR_WORDS = ['happy', 'bright', 'sunny', 'joy', 'summer', 'uplift', 'major', 'cheer'];

const MAJOR_PROGRESSIONS = [
  [0, 4, 5, 3],
  [5, 3, 0, 4],
  [0, 5, 3, 4],
  [1, 4, 0, 5],
  [0, 3, 5, 4],
  [3, 4, 2, 5],
];
const MINOR_PROGRESSIONS = [
  [0, 5, 2, 6],
  [0, 3, 6, 2],
  [0, 5, 3, 4],
  [0, 6, 5, 6],
  [5, 6, 0, 0],
  [0, 3, 4, 0],
];

/** Everything about the song that the prompt decides: same prompt, same plan. */
export function planSong(prompt: string): SongPlan {
  const seed = hashString(prompt);
  const random = new SeededRandom(seed);
  const text = prompt.toLowerCase();
  const calm = CALM_WORDS.some((word) => text.includes(word));
  const energetic = !calm && ENERGETIC_WORDS.some((word) => text.includes(word));
  const minorHint = MINOR_WORDS.some((word) => text.includes(word));
  const majorHint = MAJOR_WORDS.some((word) => text.includes(word));
  const mode: Mode =
    minorHint && !majorHint
      ? 'minor'
      : majorHint
        ? 'major'
        : random.chance(0.5)
          ? 'minor'
          : 'major';
  const bpm = Math.round(
    calm ? random.between(68, 88) : energetic ? random.between(112, 126) : random.between(86, 112),
  );
  const drumStyle: DrumStyle = calm
    ? 'laid-back'
    : energetic
      ? 'four-on-the-floor'
      : random.pick(['laid-back', 'pop', 'pop'] as const);

  return {
    seed,
    bpm,
    tonic: random.int(36, 46),
    mode,
    progression: random.pick(mode === 'major' ? MAJOR_PROGRESSIONS : MINOR_PROGRESSIONS),
    sevenths: calm || random.chance(0.5),
    drumStyle,
    swing: drumStyle === 'laid-back' ? random.between(0.15, 0.3) : 0,
    melodyDensity: random.between(0.3, 0.6),
  };
}

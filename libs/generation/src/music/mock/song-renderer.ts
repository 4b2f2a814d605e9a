import { arrange, layersOf, type Section } from './arrangement.js';
import { SeededRandom } from './seeded-random.js';
import type { DrumStyle, SongPlan } from './song-plan.js';
import { addSample, addTone, buildDrumKit, type DrumKit, type Envelope } from './voices.js';
import { WAVETABLES, midiToHz } from './wavetables.js';

// Bound once: inside vm contexts (Jest) every global `Math` lookup in a hot loop is very slow.
const { abs, cos, PI } = Math;

const SCALES = { major: [0, 2, 4, 5, 7, 9, 11], minor: [0, 2, 3, 5, 7, 8, 10] };
const PENTATONIC = { major: [0, 2, 4, 7, 9], minor: [0, 3, 5, 7, 10] };

const PAD: Envelope = { attackSeconds: 0.25, decayPerSecond: 0, releaseSeconds: 0.6 };
const BASS: Envelope = { attackSeconds: 0.005, decayPerSecond: 2.5, releaseSeconds: 0.04 };
const LEAD: Envelope = { attackSeconds: 0.01, decayPerSecond: 3, releaseSeconds: 0.08 };

/** [16th step, semitones above the chord root, length in 16ths] */
type BassNote = [number, number, number];
const BASS_PATTERNS: Record<DrumStyle, BassNote[][]> = {
  'laid-back': [
    [
      [0, 0, 10],
      [10, 7, 6],
    ],
    [
      [0, 0, 6],
      [6, 0, 2],
      [8, 7, 4],
      [12, 12, 3],
    ],
  ],
  pop: [
    [
      [0, 0, 6],
      [6, 0, 2],
      [8, 7, 4],
      [12, 0, 3],
    ],
    [
      [0, 0, 3],
      [3, 0, 3],
      [6, 12, 2],
      [8, 0, 3],
      [11, 7, 2],
      [14, 0, 2],
    ],
  ],
  'four-on-the-floor': [
    [
      [2, 0, 2],
      [6, 0, 2],
      [10, 0, 2],
      [14, 0, 2],
    ],
    [
      [0, 0, 2],
      [2, 12, 2],
      [6, 0, 2],
      [10, 12, 2],
      [14, 7, 2],
    ],
  ],
};

const DRUM_PATTERNS: Record<DrumStyle, { kick: number[]; snare: number[]; hats: number[] }> = {
  'laid-back': { kick: [0, 7, 10], snare: [4, 12], hats: [0, 2, 4, 6, 8, 10, 12, 14] },
  pop: { kick: [0, 6, 8], snare: [4, 12], hats: [0, 2, 4, 6, 8, 10, 12, 14, 15] },
  'four-on-the-floor': {
    kick: [0, 4, 8, 12],
    snare: [4, 12],
    hats: [0, 1, 3, 4, 5, 7, 8, 9, 11, 12, 13, 15],
  },
};

interface MelodyNote {
  step: number;
  length: number;
  degree: number;
}

/** Renders the plan to exactly `round(durationSeconds * sampleRate)` mono 16-bit samples. */
export function renderSong(
  plan: SongPlan,
  durationSeconds: number,
  sampleRate: number,
): Int16Array {
  const random = new SeededRandom(plan.seed ^ 0x9e3779b9);
  const mix = new Float32Array(Math.round(durationSeconds * sampleRate));
  const stepSamples = (60 / plan.bpm / 4) * sampleRate;
  const barSamples = stepSamples * 16;
  const totalBars = Math.ceil(mix.length / barSamples);
  const sections = arrange(totalBars);
  const kit = buildDrumKit(sampleRate, random);
  const motifs = [composeMotif(plan, random), composeMotif(plan, random)];
  const bassPatterns = BASS_PATTERNS[plan.drumStyle];
  let bassPattern = bassPatterns[0];

  for (let bar = 0; bar < totalBars; bar++) {
    const barStart = Math.round(bar * barSamples);
    const layers = layersOf(sections[bar]);
    const degree = plan.progression[bar % plan.progression.length];

    if (bar % 4 === 0) {
      bassPattern = random.pick(bassPatterns);
    }

    addPads(mix, sampleRate, plan, degree, barStart, Math.round(barSamples), layers.pads);
    if (layers.bass) {
      addBass(mix, sampleRate, plan, degree, bassPattern, barStart, stepSamples);
    }
    addDrums(mix, plan, kit, sections, bar, barStart, stepSamples, random);
    if (layers.melody) {
      const phrase = Math.floor(bar / 2);
      const motif = motifs[phrase % 4 === 2 ? 1 : 0];
      const half = bar % 2;
      addMelody(mix, sampleRate, plan, motif, half, barStart, stepSamples, sections[bar]);
    }
  }

  return toPcm16(mix, sampleRate);
}

function chordTones(plan: SongPlan, degree: number): number[] {
  const scale = SCALES[plan.mode];
  const stack = plan.sevenths ? [0, 2, 4, 6] : [0, 2, 4];

  return stack.map((step) => {
    const index = degree + step;

    return scale[index % 7] + 12 * Math.floor(index / 7);
  });
}

function addPads(
  mix: Float32Array,
  sampleRate: number,
  plan: SongPlan,
  degree: number,
  start: number,
  length: number,
  level: number,
) {
  const center = plan.tonic + 24;

  for (const interval of chordTones(plan, degree)) {
    let note = plan.tonic + interval;
    while (note < center - 6) note += 12;
    while (note >= center + 6) note -= 12;
    const hz = midiToHz(note);
    // Two slightly detuned oscillators per voice give the slow chorus that makes it a pad.
    addTone(mix, sampleRate, start, length, hz * 1.0035, 0.055 * level, WAVETABLES.pad, PAD);
    addTone(mix, sampleRate, start, length, hz * 0.9965, 0.055 * level, WAVETABLES.pad, PAD);
  }
}

function addBass(
  mix: Float32Array,
  sampleRate: number,
  plan: SongPlan,
  degree: number,
  pattern: BassNote[],
  barStart: number,
  stepSamples: number,
) {
  const root = plan.tonic + (SCALES[plan.mode][degree] % 12);

  for (const [step, semitones, length] of pattern) {
    const start = barStart + Math.round(step * stepSamples);
    const hz = midiToHz(root + semitones);
    addTone(
      mix,
      sampleRate,
      start,
      Math.round(length * stepSamples * 0.9),
      hz,
      0.3,
      WAVETABLES.bass,
      BASS,
    );
  }
}

function addDrums(
  mix: Float32Array,
  plan: SongPlan,
  kit: DrumKit,
  sections: Section[],
  bar: number,
  barStart: number,
  stepSamples: number,
  random: SeededRandom,
) {
  const layers = layersOf(sections[bar]);
  const pattern = DRUM_PATTERNS[plan.drumStyle];
  const at = (step: number) =>
    barStart + Math.round((step + (step % 2 === 1 ? plan.swing : 0)) * stepSamples);
  const nextSection = sections[bar + 1];
  const fill = layers.snare && bar % 8 === 7 && nextSection !== undefined;

  if (layers.kick) {
    for (const step of pattern.kick) addSample(mix, at(step), kit.kick, 0.55);
  }
  if (layers.snare) {
    for (const step of pattern.snare) addSample(mix, at(step), kit.snare, 0.38);
  }
  if (fill) {
    for (const step of [13, 14, 15]) addSample(mix, at(step), kit.snare, 0.16 + 0.06 * (step - 13));
  }
  if (layers.hats) {
    const quiet = sections[bar] === 'intro' || sections[bar] === 'break' ? 0.5 : 1;
    for (const step of pattern.hats) {
      const accent = step % 4 === 2 ? 1 : 0.7;
      addSample(mix, at(step), kit.hat, 0.22 * accent * quiet * random.between(0.8, 1));
    }
    if (plan.drumStyle === 'four-on-the-floor') {
      for (const step of [2, 6, 10, 14]) addSample(mix, at(step), kit.openHat, 0.12 * quiet);
    }
  }
}

/** A two-bar phrase on the pentatonic scale: a random walk that rests on the beat now and then. */
function composeMotif(plan: SongPlan, random: SeededRandom): MelodyNote[] {
  const onsets: number[] = [];

  for (let step = 0; step < 32; step += 2) {
    if (step === 0 || random.chance(plan.melodyDensity)) {
      onsets.push(random.chance(0.2) && step > 0 ? step + 1 : step);
    }
  }

  let degree = random.int(2, 6);

  return onsets.map((step, i) => {
    degree = Math.min(9, Math.max(0, degree + random.pick([-2, -1, -1, 0, 1, 1, 2])));
    const next = onsets[i + 1] ?? 32;

    return { step, length: Math.max(1, Math.min(4, next - step)), degree };
  });
}

function addMelody(
  mix: Float32Array,
  sampleRate: number,
  plan: SongPlan,
  motif: MelodyNote[],
  half: number,
  barStart: number,
  stepSamples: number,
  section: Section,
) {
  const scale = PENTATONIC[plan.mode];
  const gain = section === 'break' ? 0.12 : 0.15;

  for (const note of motif) {
    const step = note.step - half * 16;
    if (step < 0 || step >= 16) {
      continue;
    }
    const midi = plan.tonic + 24 + scale[note.degree % 5] + 12 * Math.floor(note.degree / 5);
    const hz = midiToHz(midi);
    const length = Math.round(note.length * stepSamples * 0.85);
    const start = barStart + Math.round(step * stepSamples);
    // Echo taps at a dotted eighth give the lead some space without a delay-line buffer.
    addTone(mix, sampleRate, start, length, hz, gain, WAVETABLES.lead, LEAD);
    addTone(
      mix,
      sampleRate,
      start + Math.round(3 * stepSamples),
      length,
      hz,
      gain * 0.3,
      WAVETABLES.lead,
      LEAD,
    );
    addTone(
      mix,
      sampleRate,
      start + Math.round(6 * stepSamples),
      length,
      hz,
      gain * 0.1,
      WAVETABLES.lead,
      LEAD,
    );
  }
}

/** Peak-normalises, fades in and out so the first and last samples are silent, and quantises. */
function toPcm16(mix: Float32Array, sampleRate: number): Int16Array {
  const pcm = new Int16Array(mix.length);
  const seconds = mix.length / sampleRate;
  const fadeIn = Math.max(1, Math.round(Math.min(1, seconds * 0.1) * sampleRate));
  const fadeOut = Math.max(1, Math.round(Math.min(3, seconds * 0.15) * sampleRate));
  let peak = 0;

  for (let i = 0; i < mix.length; i++) {
    const level = abs(mix[i]);
    if (level > peak) peak = level;
  }

  const scale = peak > 0 ? (0.89 * 32767) / peak : 0;

  for (let i = 0; i < mix.length; i++) {
    let gain = scale;
    if (i < fadeIn) {
      gain *= 0.5 - 0.5 * cos((PI * i) / fadeIn);
    }
    const fromEnd = mix.length - 1 - i;
    if (fromEnd < fadeOut) {
      gain *= 0.5 - 0.5 * cos((PI * fromEnd) / fadeOut);
    }
    // Int16Array assignment truncates; adding 0.5 away from zero rounds instead.
    const value = mix[i] * gain;
    pcm[i] = value + (value < 0 ? -0.5 : 0.5);
  }

  return pcm;
}

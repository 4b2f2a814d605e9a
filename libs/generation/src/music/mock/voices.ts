import type { SeededRandom } from './seeded-random.js';
import { TABLE_MASK, TABLE_SIZE } from './wavetables.js';

export interface Envelope {
  attackSeconds: number;
  /** Exponential decay rate while held; 0 sustains at full level. */
  decayPerSecond: number;
  releaseSeconds: number;
}

/** Adds one wavetable note into `out`; the release tail runs past `lengthSamples`. */
export function addTone(
  out: Float32Array,
  sampleRate: number,
  start: number,
  lengthSamples: number,
  hz: number,
  gain: number,
  table: Float32Array,
  envelope: Envelope,
): void {
  const attack = Math.max(1, Math.round(envelope.attackSeconds * sampleRate));
  const release = Math.max(1, Math.round(envelope.releaseSeconds * sampleRate));
  const end = Math.min(out.length, start + lengthSamples + release);
  const decay = Math.exp(-envelope.decayPerSecond / sampleRate);
  const increment = (hz * TABLE_SIZE) / sampleRate;
  let phase = 0;
  let level = gain;

  for (let n = 0, i = start; i < end; n++, i++) {
    let amp = n < attack ? (level * n) / attack : level;
    if (n >= lengthSamples) {
      amp *= 1 - (n - lengthSamples) / release;
    }
    out[i] += table[(phase | 0) & TABLE_MASK] * amp;
    level *= decay;
    phase += increment;
    if (phase >= TABLE_SIZE) {
      phase -= TABLE_SIZE;
    }
  }
}

export function addSample(out: Float32Array, start: number, sample: Float32Array, gain: number) {
  const end = Math.min(out.length, start + sample.length);

  for (let i = Math.max(0, start); i < end; i++) {
    out[i] += sample[i - start] * gain;
  }
}

export interface DrumKit {
  kick: Float32Array;
  snare: Float32Array;
  hat: Float32Array;
  openHat: Float32Array;
}

/** One-shot drum sounds synthesized once per song, then mixed in at every hit. */
export function buildDrumKit(sampleRate: number, random: SeededRandom): DrumKit {
  return {
    kick: kick(sampleRate, random),
    snare: snare(sampleRate, random),
    hat: hat(sampleRate, random, 0.06, 75),
    openHat: hat(sampleRate, random, 0.3, 13),
  };
}

function kick(sampleRate: number, random: SeededRandom): Float32Array {
  const out = new Float32Array(Math.round(0.4 * sampleRate));
  let phase = 0;

  for (let i = 0; i < out.length; i++) {
    const t = i / sampleRate;
    const hz = 46 + 110 * Math.exp(-t * 28);
    const attack = Math.min(1, t / 0.002);
    phase += (2 * Math.PI * hz) / sampleRate;
    out[i] = Math.sin(phase) * Math.exp(-t * 7) * attack;
    out[i] += (random.next() * 2 - 1) * 0.15 * Math.exp(-t * 400);
  }

  return out;
}

function snare(sampleRate: number, random: SeededRandom): Float32Array {
  const out = new Float32Array(Math.round(0.25 * sampleRate));
  let previous = 0;

  for (let i = 0; i < out.length; i++) {
    const t = i / sampleRate;
    const noise = random.next() * 2 - 1;
    const bright = noise - previous * 0.6;
    previous = noise;
    const body = Math.sin(2 * Math.PI * 190 * t) + 0.5 * Math.sin(2 * Math.PI * 330 * t);
    out[i] = bright * 0.55 * Math.exp(-t * 17) + body * 0.35 * Math.exp(-t * 30);
    out[i] *= Math.min(1, t / 0.001);
  }

  return out;
}

function hat(
  sampleRate: number,
  random: SeededRandom,
  seconds: number,
  decay: number,
): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  let previous = 0;

  for (let i = 0; i < out.length; i++) {
    const t = i / sampleRate;
    const noise = random.next() * 2 - 1;
    // First difference of white noise: a cheap high-pass that leaves only the sizzle.
    out[i] = (noise - previous) * 0.5 * Math.exp(-t * decay) * Math.min(1, t / 0.0005);
    previous = noise;
  }

  return out;
}

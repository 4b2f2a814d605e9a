export const TABLE_SIZE = 4096;
export const TABLE_MASK = TABLE_SIZE - 1;

/** Single-cycle waveforms built once; oscillators read them with a phase accumulator. */
export const WAVETABLES = {
  /** Soft saw (harmonics rolled off faster than 1/k): warm pads without a filter. */
  pad: additive([1, 0.42, 0.21, 0.12, 0.07, 0.04]),
  bass: additive([1, 0.3, 0.08]),
  /** Odd harmonics only: a hollow, flute-like lead. */
  lead: additive([1, 0, 0.12, 0, 0.04, 0, 0.015]),
};

function additive(amplitudes: number[]): Float32Array {
  const table = new Float32Array(TABLE_SIZE);
  let peak = 0;

  for (let i = 0; i < TABLE_SIZE; i++) {
    const x = (2 * Math.PI * i) / TABLE_SIZE;
    let value = 0;
    for (let k = 0; k < amplitudes.length; k++) {
      value += amplitudes[k] * Math.sin((k + 1) * x);
    }
    table[i] = value;
    peak = Math.max(peak, Math.abs(value));
  }
  for (let i = 0; i < TABLE_SIZE; i++) {
    table[i] /= peak;
  }

  return table;
}

export function midiToHz(note: number): number {
  return 440 * 2 ** ((note - 69) / 12);
}

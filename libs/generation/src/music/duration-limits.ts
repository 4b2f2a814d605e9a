import { GenerationRejectedError } from '../errors.js';

/** ElevenLabs accepts 3 s to 600 s; the mock holds to the same range so both behave alike. */
export const MIN_DURATION_SECONDS = 3;
export const MAX_DURATION_SECONDS = 600;

export function assertDurationInRange(durationSeconds: number): void {
  const valid =
    Number.isFinite(durationSeconds) &&
    durationSeconds >= MIN_DURATION_SECONDS &&
    durationSeconds <= MAX_DURATION_SECONDS;

  if (!valid) {
    throw new GenerationRejectedError(
      'invalid_duration',
      `Duration must be between ${MIN_DURATION_SECONDS} and ${MAX_DURATION_SECONDS} seconds, ` +
        `got ${durationSeconds}.`,
    );
  }
}

/** A key that is not one this library would produce: traversal, absolute, odd characters. */
export class InvalidAudioKeyError extends Error {
  readonly code = 'invalid_audio_key';

  constructor(reason: string) {
    super(`Invalid audio key: ${reason}.`);
    this.name = new.target.name;
  }
}

/** Storing audio failed; `retryable` is false for conflicts and refusals that will repeat. */
export class StorageUploadError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

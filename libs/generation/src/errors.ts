/**
 * Base of every error a music generator throws. `retryable` tells the job queue whether another
 * attempt can succeed; `code` is stable and safe to store on the track and show to the requester.
 */
export abstract class GenerationError extends Error {
  abstract readonly retryable: boolean;

  constructor(
    readonly code: string,
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The provider refused this request (moderation, invalid input); the same input fails again. */
export class GenerationRejectedError extends GenerationError {
  readonly retryable = false;

  constructor(
    code: string,
    message: string,
    readonly suggestion?: string,
    statusCode?: number,
  ) {
    super(code, message, statusCode);
  }
}

/**
 * The provider account cannot generate (bad key, missing permission, out of credits). Terminal for
 * the track and an operator problem: log it at error level.
 */
export class GenerationAuthError extends GenerationError {
  readonly retryable = false;
}

/** A failure another attempt may not hit: rate limit, server error, timeout, dropped stream. */
export class GenerationTransientError extends GenerationError {
  readonly retryable = true;

  constructor(
    code: string,
    message: string,
    statusCode?: number,
    readonly retryAfterMs?: number,
  ) {
    super(code, message, statusCode);
  }
}

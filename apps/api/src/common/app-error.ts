/**
 * Base of the service's own expected failures. Each subclass names one situation and the HTTP
 * status it answers with; the exception filter is the only place that turns them into responses.
 */
export abstract class AppError extends Error {
  abstract readonly statusCode: number;
  /** Extra fields merged into the JSON error body (never secrets). */
  readonly details?: Record<string, unknown>;

  constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class NotFoundError extends AppError {
  readonly statusCode = 404;
}

export class ConflictError extends AppError {
  readonly statusCode = 409;
}

export class InvalidInputError extends AppError {
  readonly statusCode = 400;
}

export class ServiceUnavailableError extends AppError {
  readonly statusCode = 503;
}

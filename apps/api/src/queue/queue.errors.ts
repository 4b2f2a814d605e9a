import { AppError, ConflictError, NotFoundError } from '../common/app-error.js';

export class TrackNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`Track ${id} does not exist`);
  }
}

export class TrackNotPayableError extends ConflictError {
  constructor(id: string, status: string) {
    super(`Track ${id} is ${status}, not PENDING_PAYMENT`);
  }
}

export class ChallengeExpiredError extends AppError {
  readonly statusCode = 410;

  constructor(id: string) {
    super(`The payment challenge for track ${id} has expired; submit the track again`);
  }
}

/** The proof was checked and refused; `reason` is the x402 reason code. */
export class PaymentRejectedError extends AppError {
  readonly statusCode = 402;

  constructor(message: string, reason: string) {
    super(message, { reason });
  }
}

export class PaymentReplayedError extends ConflictError {
  constructor(otherTrackId: string) {
    super(`This payment authorization already paid for another track (${otherTrackId})`);
  }
}

export class PaymentsDisabledError extends NotFoundError {
  constructor(what: string) {
    super(`${what} is not available: ${'mock payments are not enabled on this server'}`);
  }
}

export class PaymentServiceUnavailableError extends AppError {
  readonly statusCode: number;

  constructor(message: string, statusCode: 502 | 503) {
    super(`The payment service is unavailable, nothing was charged; try again: ${message}`);
    this.statusCode = statusCode;
  }
}

import { AppError, ConflictError, NotFoundError } from '../common/app-error.js';

export class AdminDisabledError extends NotFoundError {
  constructor() {
    super('The admin API is off on this server: ADMIN_TOKEN is not set');
  }
}

export class AdminUnauthorizedError extends AppError {
  readonly statusCode = 401;

  constructor(reason: 'missing' | 'wrong') {
    super(
      reason === 'missing'
        ? 'An admin token is required: send Authorization: Bearer <ADMIN_TOKEN>'
        : 'The admin token is not valid',
    );
  }
}

export class TrackNotRemovableError extends ConflictError {
  constructor(id: string, status: string) {
    super(`Track ${id} is ${status}; only READY or FAILED tracks can be removed`);
  }
}

export class TrackNotRetryableError extends ConflictError {
  constructor(id: string, status: string) {
    super(`Track ${id} is ${status}; only FAILED tracks can be retried`);
  }
}

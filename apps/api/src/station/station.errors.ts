import { ConflictError } from '../common/app-error.js';

export class TrackNoLongerPlayableError extends ConflictError {
  constructor(trackId: string) {
    super(`Track ${trackId} left READY before it could start; the station will pick another`);
  }
}

export class StationMovedOnError extends ConflictError {
  constructor(expectedSeq: number, seq: number) {
    super(`The station moved on (its seq is ${seq}, not ${expectedSeq}); nothing was changed`, {
      seq,
    });
  }
}

export class NothingToPlayError extends ConflictError {
  constructor() {
    super('Nothing is playing and no track is READY, so there is nothing to skip');
  }
}

export class StationAlreadyPausedError extends ConflictError {
  constructor() {
    super('The station is already paused');
  }
}

export class StationNotPausedError extends ConflictError {
  constructor() {
    super('The station is not paused, so there is nothing to resume');
  }
}

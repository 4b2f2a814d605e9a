import type { BusEvent } from '@radio402/station';

/**
 * Sends events to an outside realtime service (Supabase Realtime when configured). Called once
 * per event by the process that published it; must never throw.
 */
export interface RealtimeBroadcaster {
  send(event: BusEvent): void;
  /** Resolves when everything handed to `send` so far has been attempted. */
  flush(): Promise<void>;
}

export const REALTIME_BROADCASTER = Symbol('REALTIME_BROADCASTER');

export class NoopBroadcaster implements RealtimeBroadcaster {
  send(): void {}

  async flush(): Promise<void> {}
}

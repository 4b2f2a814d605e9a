import type { StationState } from './station-clock.js';
import type { AdvanceOutcome, StationAdvancer } from './station-advancer.js';

// setTimeout overflows to 1 ms beyond a signed 32-bit delay.
const MAX_DELAY_MS = 2 ** 31 - 1;

export interface StationTimerOptions {
  onError?: (error: unknown) => void;
  now?: () => number;
}

/**
 * One precise timeout at the current track's `ends_at`, run by the leader only. A periodic sweep
 * calling `advanceIfDue` is still needed for lost timers and for tracks becoming READY while idle.
 */
export class StationTimer {
  private readonly onError: (error: unknown) => void;
  private readonly now: () => number;
  private handle: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private running = false;

  constructor(
    private readonly advancer: StationAdvancer,
    options: StationTimerOptions = {},
  ) {
    this.onError = options.onError ?? ((error) => console.error(error));
    this.now = options.now ?? Date.now;
  }

  /** Starts following the station: arms from `state`, or from a fresh load. */
  async start(state?: StationState): Promise<void> {
    if (this.running) {
      return;
    }

    this.running = true;
    this.unsubscribe = this.advancer.onAdvanced((next) => this.arm(next));
    this.arm(state ?? (await this.advancer.load()));
  }

  /** Re-arms for a state learned some other way: pause, resume, another replica. */
  arm(state: StationState): void {
    if (!this.running) {
      return;
    }

    this.clear();

    if (state.paused || state.endsAt === null) {
      return;
    }

    const delayMs = Math.min(MAX_DELAY_MS, Math.max(0, state.endsAt.getTime() - this.now()));
    this.handle = setTimeout(() => void this.fire(), delayMs);
  }

  /** Re-arms from the stored state, e.g. on a station event published by another replica. */
  async resync(): Promise<void> {
    if (this.running) {
      this.arm(await this.advancer.load());
    }
  }

  isArmed(): boolean {
    return this.handle !== null;
  }

  stop(): void {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.clear();
  }

  private async fire(): Promise<void> {
    this.handle = null;
    let outcome: AdvanceOutcome;

    try {
      outcome = await this.advancer.advanceIfDue(new Date(this.now()));
    } catch (error) {
      this.onError(error);

      return;
    }

    // A won advance was already re-armed by the onAdvanced listener.
    if (!outcome.advanced) {
      this.arm(outcome.state);
    }
  }

  private clear(): void {
    if (this.handle !== null) {
      clearTimeout(this.handle);
      this.handle = null;
    }
  }
}

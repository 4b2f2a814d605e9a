import { parseTime } from '../format';

interface Sample {
  offset: number;
  rtt: number;
  at: number;
}

const MAX_SAMPLES = 8;
const SAMPLE_TTL_MS = 15 * 60_000;

/**
 * Estimates `server time − local time`. Round-trip samples (NTP style: the server read its clock
 * halfway through the round trip) are kept for a while and the one with the smallest round trip
 * wins. One-way pushes only bound the offset from below, because they cannot arrive before they
 * were sent.
 */
export class ServerClock {
  offset = $state(0);
  /** Local time, refreshed a few times a second so countdowns and progress bars move. */
  tick = $state(Date.now());
  synced = $state(false);

  #samples: Sample[] = [];
  #bounded = false;
  #timer: ReturnType<typeof setInterval> | null = null;

  /** Server time now, in ms, reactive through `tick`. */
  get now(): number {
    return this.tick + this.offset;
  }

  /** Server time now, in ms, read straight from the system clock (for the audio loop). */
  exactNow(): number {
    return Date.now() + this.offset;
  }

  start(intervalMs = 250): void {
    this.#timer ??= setInterval(() => (this.tick = Date.now()), intervalMs);
  }

  stop(): void {
    if (this.#timer) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
  }

  addRoundTrip(sentAt: number, receivedAt: number, serverTime: string | number): void {
    const server = parseTime(serverTime);

    if (!Number.isFinite(server) || receivedAt < sentAt) {
      return;
    }

    const rtt = receivedAt - sentAt;
    const sample = { offset: server + rtt / 2 - receivedAt, rtt, at: receivedAt };

    this.#samples = [...this.#samples, sample]
      .filter((s) => receivedAt - s.at < SAMPLE_TTL_MS)
      .slice(-MAX_SAMPLES);

    const best = this.#samples.reduce((a, b) => (b.rtt < a.rtt ? b : a));

    this.offset = best.offset;
    this.synced = true;
  }

  addPush(serverTime: string | number, receivedAt = Date.now()): void {
    const server = parseTime(serverTime);

    if (!Number.isFinite(server)) {
      return;
    }

    const lowerBound = server - receivedAt;

    if (!this.synced && !this.#bounded) {
      this.offset = lowerBound;
      this.#bounded = true;
    } else if (lowerBound > this.offset + 20) {
      this.offset = lowerBound;
    }
  }
}

export const clock = new ServerClock();

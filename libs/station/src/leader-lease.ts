import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { withTimeout } from './with-timeout.js';

const RENEW_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

export interface LeaderLeaseOptions {
  key: string;
  ttlMs: number;
  renewEveryMs: number;
  /** Shown in the key's value, for operators; a random suffix keeps every lease unique. */
  ownerId?: string;
  /** Leadership ends this long before the key could expire on the server. Default: ttl / 10. */
  safetyMarginMs?: number;
  /** A Redis request slower than this counts as failed. Default: renewEveryMs. */
  requestTimeoutMs?: number;
  onError?: (error: unknown) => void;
  now?: () => number;
}

type Listener = () => void;

/**
 * Leader election by a Redis lease (`SET NX PX`, renewed and released only by its token).
 * `isLeader()` turns false before the key can expire on the server: the deadline counts from when
 * the last successful request was sent. A paused process can still act on a stale answer, so
 * writes guarded by leadership must also be fenced (the station's seq compare-and-set).
 */
export class LeaderLease {
  readonly token: string;
  private readonly key: string;
  private readonly ttlMs: number;
  private readonly renewEveryMs: number;
  private readonly safetyMarginMs: number;
  private readonly requestTimeoutMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly now: () => number;
  private readonly acquiredListeners = new Set<Listener>();
  private readonly lostListeners = new Set<Listener>();
  private leader = false;
  private deadline = 0;
  private running = false;
  private requestInFlight = false;
  // Bumped whenever leadership ends, so answers to requests sent before that are ignored.
  private epoch = 0;
  private tickTimer: NodeJS.Timeout | null = null;
  private deadlineTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    options: LeaderLeaseOptions,
  ) {
    this.key = options.key;
    this.ttlMs = options.ttlMs;
    this.renewEveryMs = options.renewEveryMs;
    this.safetyMarginMs = options.safetyMarginMs ?? Math.ceil(options.ttlMs / 10);
    this.requestTimeoutMs = options.requestTimeoutMs ?? options.renewEveryMs;
    this.onError = options.onError ?? ((error) => console.error(error));
    this.now = options.now ?? Date.now;
    this.token = `${options.ownerId ?? `${hostname()}:${process.pid}`}:${randomUUID()}`;

    if (this.renewEveryMs >= this.ttlMs - this.safetyMarginMs) {
      throw new RangeError(
        `Lease ${this.key}: renewEveryMs (${this.renewEveryMs}) must be below ttlMs minus ` +
          `safetyMarginMs (${this.ttlMs - this.safetyMarginMs}), or leadership would lapse.`,
      );
    }
  }

  onAcquired(listener: Listener): () => void {
    this.acquiredListeners.add(listener);

    return () => this.acquiredListeners.delete(listener);
  }

  onLost(listener: Listener): () => void {
    this.lostListeners.add(listener);

    return () => this.lostListeners.delete(listener);
  }

  isLeader(): boolean {
    return this.leader && this.now() < this.deadline;
  }

  start(): void {
    if (this.running) {
      return;
    }

    this.running = true;
    this.tickTimer = setInterval(() => void this.tick(), this.renewEveryMs);
    void this.tick();
  }

  /** Stops renewing and deletes the key if it still holds this lease's token. */
  async stop(): Promise<void> {
    this.running = false;

    if (this.tickTimer !== null) {
      clearInterval(this.tickTimer);
      this.tickTimer = null;
    }

    this.lose();
    await this.release();
  }

  private async tick(): Promise<void> {
    if (!this.running || this.requestInFlight) {
      return;
    }

    this.requestInFlight = true;
    const epoch = this.epoch;
    const renewing = this.leader;
    const sentAt = this.now();

    try {
      const held = await withTimeout(
        renewing ? this.renew() : this.acquire(),
        this.requestTimeoutMs,
        `Lease ${this.key} ${renewing ? 'renewal' : 'acquisition'}`,
      );

      if (epoch !== this.epoch || !this.running) {
        return;
      }

      if (held) {
        this.extend(sentAt);
      } else {
        this.lose();
      }
    } catch (error) {
      this.onError(error);

      if (epoch === this.epoch) {
        this.lose();
        // The request may still land on the server; free the key rather than wait out the ttl.
        void this.release();
      }
    } finally {
      this.requestInFlight = false;
    }
  }

  private async acquire(): Promise<boolean> {
    const reply = await this.redis.set(this.key, this.token, 'PX', this.ttlMs, 'NX');

    return reply === 'OK';
  }

  private async renew(): Promise<boolean> {
    const reply = await this.redis.eval(RENEW_SCRIPT, 1, this.key, this.token, this.ttlMs);

    return reply === 1;
  }

  private async release(): Promise<void> {
    try {
      await withTimeout(
        this.redis.eval(RELEASE_SCRIPT, 1, this.key, this.token),
        this.requestTimeoutMs,
        `Lease ${this.key} release`,
      );
    } catch (error) {
      this.onError(error);
    }
  }

  private extend(sentAt: number): void {
    const deadline = sentAt + this.ttlMs - this.safetyMarginMs;
    const remainingMs = deadline - this.now();

    // Only a blocked event loop gets here: the answer came after the lease could have lapsed.
    if (remainingMs <= 0) {
      this.lose();
      void this.release();

      return;
    }

    this.deadline = deadline;
    this.armDeadline(remainingMs);

    if (!this.leader) {
      this.leader = true;
      this.emit(this.acquiredListeners);
    }
  }

  private armDeadline(remainingMs: number): void {
    if (this.deadlineTimer !== null) {
      clearTimeout(this.deadlineTimer);
    }

    this.deadlineTimer = setTimeout(() => {
      this.lose();
      void this.release();
    }, remainingMs);
  }

  private lose(): void {
    if (this.deadlineTimer !== null) {
      clearTimeout(this.deadlineTimer);
      this.deadlineTimer = null;
    }

    if (!this.leader) {
      return;
    }

    this.leader = false;
    this.deadline = 0;
    this.epoch += 1;
    this.emit(this.lostListeners);
  }

  private emit(listeners: Set<Listener>): void {
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        this.onError(error);
      }
    }
  }
}

import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { REDIS } from '../redis/redis.module.js';

const ENTRY_TTL_MS = 10_000;
const REFRESH_MS = 3_000;

/**
 * Live listener counts across api replicas: each replica writes its own count into one Redis
 * hash (field = replica id, value = `count|expires_at_ms`) every few seconds; the total skips
 * and removes entries of replicas that stopped refreshing.
 */
@Injectable()
export class ListenerRegistry implements OnModuleDestroy {
  private readonly logger = new Logger(ListenerRegistry.name);
  private readonly key: string;
  private readonly replicaId = randomUUID();
  private count: (() => number) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.key = `${config.redis.prefix}:listeners`;
  }

  /** Starts reporting this replica's count, read from `count` on every refresh. */
  track(count: () => number): void {
    this.count = count;
    this.timer ??= setInterval(() => void this.report(), REFRESH_MS);
    this.timer.unref();
    void this.report();
  }

  async report(): Promise<void> {
    if (this.count === null) {
      return;
    }

    try {
      const value = `${this.count()}|${Date.now() + ENTRY_TTL_MS}`;
      await this.redis
        .multi()
        .hset(this.key, this.replicaId, value)
        .pexpire(this.key, ENTRY_TTL_MS * 6)
        .exec();
    } catch (error) {
      this.logger.debug({ msg: 'Listener count could not be reported', err: error });
    }
  }

  async total(): Promise<number> {
    const entries = await this.redis.hgetall(this.key);
    const now = Date.now();
    const stale: string[] = [];
    let total = 0;

    for (const [replica, value] of Object.entries(entries)) {
      const [count, expiresAt] = value.split('|').map(Number);

      if (expiresAt > now) {
        total += count;
      } else {
        stale.push(replica);
      }
    }

    if (stale.length > 0) {
      await this.redis.hdel(this.key, ...stale).catch(() => undefined);
    }

    return total;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }

    if (this.count !== null) {
      await this.redis.hdel(this.key, this.replicaId).catch(() => undefined);
    }
  }
}

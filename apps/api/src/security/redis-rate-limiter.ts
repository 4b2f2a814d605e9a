import type { Redis } from 'ioredis';

// Fixed window per key, plus a block once the limit is passed; one round trip, atomic.
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
  blocked = tonumber(ARGV[1])
end
return {hits, blocked}`;

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  /** Seconds until the client may try again, when not allowed. */
  retryAfterSeconds: number;
}

/**
 * Per-client request budgets in Redis, so every api replica sees the same counts. When Redis is
 * unreachable requests are let through: availability wins over a limit for a while.
 */
export class RedisRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async hit(
    bucket: string,
    client: string,
    limit: number,
    windowMs: number,
  ): Promise<RateDecision> {
    const key = `${this.prefix}:ratelimit:${bucket}:${client}`;
    try {
      const [hits, blockedMs] = (await this.redis.eval(
        INCREMENT,
        2,
        key,
        `${key}:blocked`,
        windowMs,
        limit,
      )) as [number, number];

      return {
        allowed: blockedMs <= 0,
        remaining: Math.max(0, limit - hits),
        retryAfterSeconds: Math.max(1, Math.ceil(blockedMs / 1000)),
      };
    } catch {
      return { allowed: true, remaining: limit, retryAfterSeconds: 0 };
    }
  }
}

import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { resolveRedisEndpoint, type RedisEndpoint } from './redis-endpoint.js';

export const REDIS_ENDPOINT = Symbol('REDIS_ENDPOINT');
export const REDIS = Symbol('REDIS');

export type RedisPurpose = 'app' | 'bullmq' | 'subscriber';

/**
 * The one place Redis connections are made. BullMQ's need `maxRetriesPerRequest: null` (its
 * blocking commands must wait through reconnects); the app's own fail fast while Redis is down so
 * health checks and requests answer at once instead of queueing.
 */
export function redisOptions(url: string, purpose: RedisPurpose): RedisOptions {
  const parsed = new URL(url);

  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    connectionName: `radio402-${purpose}`,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    ...(purpose === 'app'
      ? { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 }
      : { maxRetriesPerRequest: null }),
  };
}

export function createRedisConnection(url: string, purpose: RedisPurpose): Redis {
  const redis = new Redis(redisOptions(url, purpose));
  const logger = new Logger('Redis');
  // ioredis reconnects by itself; an unhandled 'error' event would crash the process.
  redis.on('error', (error) =>
    logger.debug({ msg: 'Redis connection error', purpose, err: error }),
  );

  return redis;
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS_ENDPOINT,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => resolveRedisEndpoint(config.redis.url, config.dataDir),
    },
    {
      provide: REDIS,
      inject: [REDIS_ENDPOINT],
      useFactory: async (endpoint: RedisEndpoint) => {
        const redis = createRedisConnection(endpoint.url, 'app');
        await new Promise<void>((resolve) => {
          redis.once('ready', () => resolve());
          // Boot goes on when Redis is down: health reports it and recovery is automatic.
          setTimeout(resolve, 3_000).unref();
        });

        return redis;
      },
    },
  ],
  exports: [REDIS_ENDPOINT, REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_ENDPOINT) private readonly endpoint: RedisEndpoint,
  ) {}

  async onApplicationShutdown() {
    await this.redis.quit().catch(() => this.redis.disconnect());
    this.endpoint.child?.kill('SIGTERM');
  }
}

import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { REDIS_ENDPOINT, redisOptions } from '../redis/redis.module.js';
import type { RedisEndpoint } from '../redis/redis-endpoint.js';
import { GENERATION_QUEUE, GenerationQueue } from './generation.queue.js';

/** BullMQ on the shared Redis, and the generation queue's producer (every role has it). */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [REDIS_ENDPOINT, AppConfig],
      useFactory: (endpoint: RedisEndpoint, config: AppConfig) => ({
        connection: redisOptions(endpoint.url, 'bullmq'),
        prefix: `${config.redis.prefix}:bull`,
      }),
    }),
    BullModule.registerQueue({ name: GENERATION_QUEUE }),
  ],
  providers: [GenerationQueue],
  exports: [GenerationQueue, BullModule],
})
export class GenerationQueueModule {}

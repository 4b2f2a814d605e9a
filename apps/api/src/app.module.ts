import { DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfig } from './config/app-config.js';
import { GenerationQueueModule } from './generation/generation-queue.module.js';
import { QueueModule } from './queue/queue.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { TracksModule } from './tracks/tracks.module.js';
import { AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { RedisModule } from './redis/redis.module.js';
import { UsersModule } from './users/users.module.js';

type Imports = NonNullable<ModuleMetadata['imports']>;

/**
 * Composes the service for its role: `api` serves HTTP, `worker` runs generation jobs, `all` (the
 * default) does both in one process.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const core: Imports = [
      AppConfigModule.forRoot(config),
      DatabaseModule,
      RedisModule,
      ScheduleModule.forRoot(),
      TracksModule,
      RealtimeModule,
      GenerationQueueModule,
    ];
    const api: Imports = [UsersModule, HealthModule, QueueModule];
    const worker: Imports = [];

    return {
      module: AppModule,
      imports: [...core, ...(config.runsApi ? api : []), ...(config.runsWorker ? worker : [])],
    };
  }
}

import { DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AdminModule } from './admin/admin.module.js';
import { AppConfig } from './config/app-config.js';
import { GenerationQueueModule } from './generation/generation-queue.module.js';
import { GenerationWorkerModule } from './generation/generation-worker.module.js';
import { AudioModule } from './storage/audio.module.js';
import { StorageModule } from './storage/storage.module.js';
import { QueueModule } from './queue/queue.module.js';
import { RealtimeSseModule } from './realtime/realtime-sse.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { StationModule } from './station/station.module.js';
import { TracksModule } from './tracks/tracks.module.js';
import { AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { RedisModule } from './redis/redis.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { PaymentAuditModule } from './x402/payment-audit.module.js';
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
      PaymentAuditModule,
      RealtimeModule,
      GenerationQueueModule,
      StorageModule,
    ];
    const api: Imports = [
      MetricsModule,
      UsersModule,
      HealthModule,
      QueueModule,
      AudioModule,
      StationModule,
      RealtimeSseModule,
      AdminModule,
    ];
    const worker: Imports = [GenerationWorkerModule];

    return {
      module: AppModule,
      imports: [...core, ...(config.runsApi ? api : []), ...(config.runsWorker ? worker : [])],
    };
  }
}

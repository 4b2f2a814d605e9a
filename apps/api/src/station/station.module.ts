import { Logger, Module } from '@nestjs/common';
import { StationAdvancer } from '@radio402/station';
import { PgStationStore } from './pg-station.store.js';
import { StationClock } from './station-clock.service.js';
import { StationSnapshotService } from './station-snapshot.service.js';
import { StationController } from './station.controller.js';
import { StationService } from './station.service.js';

/** The station clock (leader only), its control service and the cached snapshot (api roles). */
@Module({
  controllers: [StationController],
  providers: [
    PgStationStore,
    {
      provide: StationAdvancer,
      inject: [PgStationStore],
      useFactory: (store: PgStationStore) => {
        const logger = new Logger(StationAdvancer.name);

        return new StationAdvancer(store, {
          onError: (error) => logger.warn({ msg: 'Station advance listener failed', err: error }),
        });
      },
    },
    StationService,
    StationClock,
    StationSnapshotService,
  ],
  exports: [StationService, StationSnapshotService, StationClock],
})
export class StationModule {}

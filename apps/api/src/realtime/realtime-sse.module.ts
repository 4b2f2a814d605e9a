import { Module } from '@nestjs/common';
import { StationModule } from '../station/station.module.js';
import { EventsController } from './events.controller.js';
import { SseFanout } from './sse-fanout.service.js';

/** Server-sent events for the api roles: GET /api/events. */
@Module({
  imports: [StationModule],
  controllers: [EventsController],
  providers: [SseFanout],
  exports: [SseFanout],
})
export class RealtimeSseModule {}

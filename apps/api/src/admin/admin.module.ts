import { Module } from '@nestjs/common';
import { StationModule } from '../station/station.module.js';
import { X402Module } from '../x402/x402.module.js';
import { AdminAuth } from './admin-auth.js';
import { AdminStatsRepository } from './admin-stats.repository.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { AdminController } from './admin.controller.js';
import { AdminService } from './admin.service.js';
import { QueueDashboard } from './queue-dashboard.js';

/** /api/admin/*: station control, track removal and retry, stats and the queue dashboard. */
@Module({
  imports: [StationModule, X402Module],
  controllers: [AdminController],
  providers: [AdminAuth, AdminTokenGuard, AdminStatsRepository, AdminService, QueueDashboard],
})
export class AdminModule {}

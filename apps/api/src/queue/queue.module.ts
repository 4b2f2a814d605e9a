import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { X402Module } from '../x402/x402.module.js';
import { ClientConfigController } from './client-config.controller.js';
import { QueueController } from './queue.controller.js';
import { QueueService } from './queue.service.js';

@Module({
  imports: [UsersModule, X402Module],
  controllers: [QueueController, ClientConfigController],
  providers: [QueueService],
})
export class QueueModule {}

import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { DATABASE, type Db } from '../database/database.module.js';
import { ChallengeExpirySweep } from './challenge-expiry.sweep.js';
import { MockProofController } from './mock-proof.controller.js';
import { MockProofService } from './mock-proof.service.js';
import { PaymentConfirmationService } from './payment-confirmation.service.js';
import { createFacilitator, PAYMENT_FACILITATOR, PaymentGateway } from './payment-gateway.js';

@Module({
  controllers: [MockProofController],
  providers: [
    {
      provide: PAYMENT_FACILITATOR,
      inject: [AppConfig, DATABASE],
      useFactory: (config: AppConfig, db: Db) => createFacilitator(config, db),
    },
    PaymentGateway,
    PaymentConfirmationService,
    MockProofService,
    ChallengeExpirySweep,
  ],
  exports: [PaymentGateway, PaymentConfirmationService],
})
export class X402Module {}

import { Global, Module } from '@nestjs/common';
import { PaymentAuditRepository } from './payment-audit.repository.js';

/** The payment log, written by payments, generation (refunds due) and admin alike. */
@Global()
@Module({ providers: [PaymentAuditRepository], exports: [PaymentAuditRepository] })
export class PaymentAuditModule {}

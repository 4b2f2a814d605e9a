import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  buildPaymentRequired,
  buildPaymentRequirements,
  HttpFacilitator,
  MockFacilitator,
  MockPayer,
  parseUsdToAtomic,
  quotePrice,
  resolveX402Network,
  type PaymentFacilitator,
  type PaymentRequired,
  type PaymentRequirements,
  type X402Network,
} from '@radio402/payments';
import { generatePrivateKey } from 'viem/accounts';
import type { Hex } from 'viem';
import { AppConfig } from '../config/app-config.js';
import type { Db } from '../database/database.module.js';
import { PgMockLedger } from './pg-mock-ledger.js';

export const PAYMENT_FACILITATOR = Symbol('PAYMENT_FACILITATOR');

/** Receives mock-mode payments when no X402_PAY_TO is configured; holds nothing real. */
export const MOCK_PAY_TO = '0x4020000000000000000000000000000000000402';

export function createFacilitator(config: AppConfig, db: Db): PaymentFacilitator {
  if (config.x402.mode === 'real') {
    return new HttpFacilitator({
      url: config.x402.facilitatorUrl,
      timeoutMs: config.x402.facilitatorTimeoutMs,
      cdp:
        config.x402.apiKeyId && config.x402.apiKeySecret
          ? { apiKeyId: config.x402.apiKeyId, apiKeySecret: config.x402.apiKeySecret }
          : undefined,
    });
  }
  const balance = parseUsdToAtomic(config.x402.mockBalanceUsd, 'X402_MOCK_BALANCE_USD');

  return new MockFacilitator({
    network: config.x402.network,
    ledger: new PgMockLedger(db, balance),
  });
}

/**
 * Everything the service knows about being paid: prices, the requirements of a challenge,
 * the facilitator, and in mock mode the dev payer that signs proofs.
 */
@Injectable()
export class PaymentGateway {
  private readonly logger = new Logger(PaymentGateway.name);
  readonly network: X402Network;
  readonly payTo: string;
  private payer?: MockPayer;

  constructor(
    private readonly config: AppConfig,
    @Inject(PAYMENT_FACILITATOR) readonly facilitator: PaymentFacilitator,
  ) {
    this.network = resolveX402Network(config.x402.network);
    this.payTo = config.x402.payTo ?? MOCK_PAY_TO;
  }

  get mode() {
    return this.config.x402.mode;
  }

  quote(durationSeconds: number) {
    return quotePrice(durationSeconds, this.config.price);
  }

  requirementsFor(amount: bigint): PaymentRequirements {
    return buildPaymentRequirements({
      network: this.network,
      amount,
      payTo: this.payTo,
      maxTimeoutSeconds: this.config.x402.maxTimeoutSeconds,
    });
  }

  paymentRequired(
    requirements: PaymentRequirements,
    resourceUrl: string,
    description: string,
  ): PaymentRequired {
    return buildPaymentRequired({
      resourceUrl,
      description,
      requirements,
      error: 'Payment required to generate this track',
    });
  }

  /** The mock-mode dev wallet; its key comes from config or is generated once under DATA_DIR. */
  mockPayer(): MockPayer {
    this.payer ??= new MockPayer({ privateKey: this.loadMockPayerKey() });

    return this.payer;
  }

  private loadMockPayerKey(): Hex {
    if (this.config.x402.mockPayerKey) return this.config.x402.mockPayerKey;

    const file = join(this.config.dataDir, 'mock-payer.key');
    if (existsSync(file)) return readFileSync(file, 'utf8').trim() as Hex;

    const key = generatePrivateKey();
    mkdirSync(this.config.dataDir, { recursive: true });
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
    this.logger.log({ msg: 'Generated a mock-mode payer key', file });

    return key;
  }
}

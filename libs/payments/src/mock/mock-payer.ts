import { x402Client, type SpendControls } from '@x402/core/client';
import type { PaymentPayload, PaymentRequired } from '@x402/core/types';
import { ExactEvmScheme as ExactEvmClientScheme } from '@x402/evm/exact/client';
import type { Address, Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

import { encodePaymentProof } from '../payment-proof.codec.js';

/** Well above any track price; the x402 client's own default cap is $1. */
export const MOCK_PAYER_MAX_AMOUNT_PER_PAYMENT = '$25';

export interface MockPayerOptions {
  privateKey: Hex;
  /**
   * Client-side spend controls. Defaults to default assets (USDC) only, up to
   * MOCK_PAYER_MAX_AMOUNT_PER_PAYMENT per payment.
   */
  spendControls?: SpendControls | false;
}

/**
 * A dev wallet that answers a 402 the way any official x402 client would: a real EIP-3009
 * authorization signed with its key by @x402/core's client and @x402/evm's exact scheme.
 */
export class MockPayer {
  private readonly client: x402Client;
  private readonly payerAddress: Address;

  constructor(options: MockPayerOptions) {
    const account = privateKeyToAccount(options.privateKey);
    this.payerAddress = account.address;
    this.client = new x402Client()
      .register('eip155:*', new ExactEvmClientScheme(account))
      .setSpendControls(
        options.spendControls ?? { maxAmountPerPayment: MOCK_PAYER_MAX_AMOUNT_PER_PAYMENT },
      );
  }

  get address(): Address {
    return this.payerAddress;
  }

  createPaymentPayload(paymentRequired: PaymentRequired): Promise<PaymentPayload> {
    return this.client.createPaymentPayload(paymentRequired);
  }

  /** The signed payload as base64, ready for PAYMENT-SIGNATURE or `payment_proof`. */
  async createProof(paymentRequired: PaymentRequired): Promise<string> {
    return encodePaymentProof(await this.createPaymentPayload(paymentRequired));
  }
}

import { x402Facilitator } from '@x402/core/facilitator';
import type {
  PaymentPayload,
  PaymentRequirements,
  SettleResponse,
  SupportedResponse,
  VerifyResponse,
} from '@x402/core/types';
import { ExactEvmScheme as ExactEvmFacilitatorScheme } from '@x402/evm/exact/facilitator';
import { getAddress, type Address } from 'viem';

import { MockModeOnMainnetError } from '../errors.js';
import { resolveX402Network, type X402Network } from '../networks.js';
import type { PaymentFacilitator } from '../payment-facilitator.port.js';
import { createMockEvmSigner } from './mock-evm.signer.js';
import { InMemoryMockLedger, mockTransactionHash, type MockLedger } from './mock-ledger.js';
import { MockUsdcToken } from './mock-usdc.token.js';

/** The simulated facilitator's own (gas-paying) address, reported by `getSupported`. */
export const MOCK_FACILITATOR_ADDRESS: Address = '0x000000000000000000000000000000000000fa4e';

export interface MockFacilitatorOptions {
  /** A testnet from the network table (name or CAIP-2); mainnets are refused. */
  network: X402Network | string;
  /** Balances and used nonces; defaults to an InMemoryMockLedger with funded payers. */
  ledger?: MockLedger;
  facilitatorAddress?: Address;
}

/**
 * x402's own facilitator and exact-EVM scheme, run in process against a simulated USDC: every
 * check a real facilitator makes (signature, payTo, amount, asset, network, time window,
 * balance, nonce) runs for real; only the chain is fake. Settlement transactions carry
 * `MOCK_TRANSACTION_HASH_PREFIX`.
 */
export class MockFacilitator implements PaymentFacilitator {
  readonly kind = 'mock' as const;
  readonly network: X402Network;
  readonly ledger: MockLedger;
  private readonly facilitator: x402Facilitator;

  constructor(options: MockFacilitatorOptions) {
    const network =
      typeof options.network === 'string' ? resolveX402Network(options.network) : options.network;

    if (network.mainnet) {
      throw new MockModeOnMainnetError(network.caip2);
    }

    this.network = network;
    this.ledger = options.ledger ?? new InMemoryMockLedger();
    const signer = createMockEvmSigner(
      new MockUsdcToken(network, this.ledger),
      getAddress(options.facilitatorAddress ?? MOCK_FACILITATOR_ADDRESS),
    );
    this.facilitator = new x402Facilitator().register(
      network.caip2,
      new ExactEvmFacilitatorScheme(signer),
    );
  }

  verify(payload: PaymentPayload, requirements: PaymentRequirements): Promise<VerifyResponse> {
    return this.facilitator.verify(payload, requirements);
  }

  settle(payload: PaymentPayload, requirements: PaymentRequirements): Promise<SettleResponse> {
    return this.facilitator.settle(payload, requirements);
  }

  async findSettlement(payer: string, nonce: string): Promise<string | undefined> {
    const from = getAddress(payer);
    const used = await this.ledger.isNonceUsed(from, nonce as `0x${string}`);

    return used ? mockTransactionHash(from, nonce as `0x${string}`) : undefined;
  }

  async getSupported(): Promise<SupportedResponse> {
    return this.facilitator.getSupported() as SupportedResponse;
  }
}

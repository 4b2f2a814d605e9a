import type { FacilitatorClient } from '@x402/core/http';
import type {
  PaymentPayload,
  PaymentRequirements,
  SettleResponse,
  SupportedResponse,
  VerifyResponse,
} from '@x402/core/types';

/**
 * Verifies and settles x402 payments. It is @x402/core's `FacilitatorClient`, so an adapter
 * also plugs into `x402ResourceServer` unchanged. A rejected payment is a value
 * (`isValid: false`, `success: false` with the x402 reason), never an exception; exceptions
 * mean the facilitator itself failed (`FacilitatorUnavailableError`, `FacilitatorResponseError`).
 */
export interface PaymentFacilitator extends FacilitatorClient {
  /** `mock` for the in-process simulated chain, `http` for a remote facilitator. */
  readonly kind: 'mock' | 'http';
  verify(payload: PaymentPayload, requirements: PaymentRequirements): Promise<VerifyResponse>;
  settle(payload: PaymentPayload, requirements: PaymentRequirements): Promise<SettleResponse>;
  getSupported(): Promise<SupportedResponse>;
  /**
   * The transaction that already settled this (payer, nonce), when the facilitator can tell.
   * Lets a caller whose settle answer was lost or failed after the transfer record the payment
   * instead of refusing a proof whose money has moved. Remote facilitators cannot answer it.
   */
  findSettlement?(payer: string, nonce: string): Promise<string | undefined>;
}

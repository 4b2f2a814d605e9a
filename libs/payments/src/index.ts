export * from './errors.js';
export * from './price.js';
export * from './networks.js';
export * from './requirements.js';
export * from './payment-proof.codec.js';
export type { PaymentFacilitator } from './payment-facilitator.port.js';
export * from './mock/mock-ledger.js';
export { MockFacilitator, MOCK_FACILITATOR_ADDRESS } from './mock/mock-facilitator.js';
export type { MockFacilitatorOptions } from './mock/mock-facilitator.js';
export * from './mock/mock-payer.js';
export { HttpFacilitator, DEFAULT_FACILITATOR_TIMEOUT_MS } from './http/http-facilitator.js';
export type { HttpFacilitatorOptions } from './http/http-facilitator.js';
export type { CdpCredentials } from './http/cdp-auth-headers.js';
export type {
  PaymentPayload,
  PaymentRequired,
  PaymentRequirements,
  SettleResponse,
  SupportedResponse,
  VerifyResponse,
} from '@x402/core/types';

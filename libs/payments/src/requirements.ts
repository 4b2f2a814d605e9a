import type { PaymentPayload, PaymentRequired, PaymentRequirements } from '@x402/core/types';
import { deepEqual } from '@x402/core/utils';
import { getAddress, isAddress } from 'viem';

import { InvalidPaymentRequirementsError } from './errors.js';
import { resolveX402Network, type X402Network } from './networks.js';

export const X402_VERSION = 2;
export const EXACT_SCHEME = 'exact';

export interface BuildPaymentRequirementsInput {
  /** A network from the table, or its name / CAIP-2 id. */
  network: X402Network | string;
  /** Atomic USDC. */
  amount: bigint;
  payTo: string;
  maxTimeoutSeconds: number;
}

/** The one `exact` USDC requirement a track's 402 challenge offers. */
export function buildPaymentRequirements(
  input: BuildPaymentRequirementsInput,
): PaymentRequirements {
  const network =
    typeof input.network === 'string' ? resolveX402Network(input.network) : input.network;

  if (input.amount <= 0n) {
    throw new InvalidPaymentRequirementsError(
      `Payment amount must be positive, got ${input.amount} atomic USDC.`,
    );
  }

  if (!isAddress(input.payTo, { strict: false })) {
    throw new InvalidPaymentRequirementsError(
      `payTo ${JSON.stringify(input.payTo)} is not an EVM address.`,
    );
  }

  if (!Number.isSafeInteger(input.maxTimeoutSeconds) || input.maxTimeoutSeconds <= 0) {
    throw new InvalidPaymentRequirementsError(
      `maxTimeoutSeconds must be a positive whole number, got ${input.maxTimeoutSeconds}.`,
    );
  }

  return {
    scheme: EXACT_SCHEME,
    network: network.caip2,
    asset: network.usdcAddress,
    amount: input.amount.toString(),
    payTo: getAddress(input.payTo),
    maxTimeoutSeconds: input.maxTimeoutSeconds,
    extra: { name: network.eip712.name, version: network.eip712.version },
  };
}

export interface BuildPaymentRequiredInput {
  resourceUrl: string;
  description: string;
  requirements: PaymentRequirements;
  error?: string;
}

/** The x402 v2 `PaymentRequired` body (and, base64-encoded, the PAYMENT-REQUIRED header). */
export function buildPaymentRequired(input: BuildPaymentRequiredInput): PaymentRequired {
  return {
    x402Version: X402_VERSION,
    ...(input.error === undefined ? {} : { error: input.error }),
    resource: {
      url: input.resourceUrl,
      description: input.description,
      mimeType: 'application/json',
    },
    accepts: [input.requirements],
  };
}

/**
 * Whether a payment says it answers exactly these requirements, compared the way x402's
 * resource server does. Verification always runs against our own requirements anyway; this
 * turns a payment for another track or price into a clear refusal before the facilitator.
 */
export function paymentAnswersRequirements(
  payload: PaymentPayload,
  requirements: PaymentRequirements,
): boolean {
  return deepEqual(payload.accepted, requirements);
}

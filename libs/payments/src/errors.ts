/** Base class of every error this library throws on purpose; `name` is the subclass name. */
export abstract class PaymentsError extends Error {
  protected constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class InvalidUsdAmountError extends PaymentsError {
  constructor(
    readonly setting: string,
    readonly value: string,
    reason: string,
  ) {
    super(`Price setting ${setting} is ${JSON.stringify(value)}: ${reason}.`);
  }
}

export class InvalidDurationError extends PaymentsError {
  constructor(readonly durationSeconds: number) {
    super(`Track duration must be a positive whole number of seconds, got ${durationSeconds}.`);
  }
}

export class UnknownNetworkError extends PaymentsError {
  constructor(readonly network: string) {
    super(
      `Unknown x402 network ${JSON.stringify(network)}; expected base-sepolia, base, ` +
        'eip155:84532 or eip155:8453.',
    );
  }
}

export class InvalidPaymentRequirementsError extends PaymentsError {
  constructor(message: string) {
    super(message);
  }
}

export type MalformedPaymentProofReason =
  'empty' | 'not_base64' | 'not_json' | 'invalid_fields' | 'unsupported_version';

export class MalformedPaymentProofError extends PaymentsError {
  constructor(
    readonly reason: MalformedPaymentProofReason,
    message: string,
  ) {
    super(message);
  }
}

export class MockModeOnMainnetError extends PaymentsError {
  constructor(readonly network: string) {
    super(
      `Mock payments are refused on mainnet network ${network}: they would accept ` +
        'authorizations that move no real money. Use base-sepolia or a real facilitator.',
    );
  }
}

export type FacilitatorOperation = 'verify' | 'settle' | 'supported';

/**
 * The facilitator could not be reached or failed on its side (timeout, network error, 5xx).
 * The payment is still unsettled as far as we know, so the track must stay payable. For
 * `settle` a timeout is indeterminate: the facilitator may have settled after we gave up.
 */
export class FacilitatorUnavailableError extends PaymentsError {
  constructor(
    readonly operation: FacilitatorOperation,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`Facilitator ${operation} is unavailable: ${message}`, options);
  }
}

/** The facilitator answered, but with something we cannot use (malformed 2xx, a 4xx). */
export class FacilitatorResponseError extends PaymentsError {
  constructor(
    readonly operation: FacilitatorOperation,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`Facilitator ${operation} answered unusably: ${message}`, options);
  }
}

export class FacilitatorAuthError extends PaymentsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Mock-chain reverts. Their messages start with the FiatTokenV2 revert strings on purpose: the
 * x402 EVM facilitator maps a failed settlement to its reason by matching those strings.
 */
export class NonceAlreadyUsedError extends PaymentsError {
  constructor(
    readonly payer: string,
    readonly nonce: string,
  ) {
    super(`FiatTokenV2: authorization is used or canceled (payer ${payer}, nonce ${nonce}).`);
  }
}

export class InsufficientBalanceError extends PaymentsError {
  constructor(
    readonly payer: string,
    readonly balance: bigint,
    readonly required: bigint,
  ) {
    super(
      `ERC20: transfer amount exceeds balance (payer ${payer} holds ${balance}, ` +
        `needs ${required} atomic USDC).`,
    );
  }
}

export class AuthorizationExpiredError extends PaymentsError {
  constructor(readonly validBefore: bigint) {
    super(`FiatTokenV2: authorization is expired (valid before ${validBefore}).`);
  }
}

export class AuthorizationNotYetValidError extends PaymentsError {
  constructor(readonly validAfter: bigint) {
    super(`FiatTokenV2: authorization is not yet valid (valid after ${validAfter}).`);
  }
}

export class InvalidAuthorizationSignatureError extends PaymentsError {
  constructor(readonly payer: string) {
    super(`FiatTokenV2: invalid signature (not signed by ${payer}).`);
  }
}

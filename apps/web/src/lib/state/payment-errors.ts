import { ApiError } from '../api/client';

const REASONS: [RegExp, string][] = [
  [/insufficient_(funds|balance)/i, "the paying wallet doesn't have enough USDC"],
  [/nonce_already_used|replay/i, 'this payment was already used once'],
  [/valid_before|expired/i, 'the payment authorization ran out of time'],
  [/valid_after/i, "the payment authorization isn't valid yet"],
  [/value_mismatch|amount/i, "the amount paid doesn't match the price"],
  [/recipient_mismatch|pay_?to/i, 'the payment was addressed to someone else'],
  [/signature/i, "the payment signature didn't check out"],
  [/network/i, 'the payment was made on a different network'],
];

function plainReason(message: string): string {
  const known = REASONS.find(([pattern]) => pattern.test(message));

  return known ? known[1] : message.replace(/_/g, ' ');
}

export type PaymentErrorKind = 'retry' | 'expired' | 'fatal';

export interface PaymentProblem {
  message: string;
  kind: PaymentErrorKind;
}

/** Turns a failed confirm into words a listener understands, and says what they can do next. */
export function describeConfirmError(error: unknown): PaymentProblem {
  if (!(error instanceof ApiError)) {
    return { message: (error as Error)?.message ?? 'Something went wrong.', kind: 'retry' };
  }

  switch (error.status) {
    case 0:
      return { message: error.message, kind: 'retry' };
    case 400:
      return {
        message: "That payment proof isn't valid. Make sure you pasted all of it.",
        kind: 'retry',
      };
    case 402:
      return { message: `Payment not accepted: ${plainReason(error.message)}.`, kind: 'retry' };
    case 404:
      return {
        message: "This request can't be found any more. Close this window and submit it again.",
        kind: 'expired',
      };
    case 409:
      return {
        message: 'This payment proof was already used for another track. Make a new payment.',
        kind: 'retry',
      };
    case 410:
      return {
        message: 'This payment request expired before it was paid. Submit again for a fresh one.',
        kind: 'expired',
      };
    case 502:
    case 503:
      return {
        message:
          "The payment service didn't answer. Wait a moment and press Confirm Payment again.",
        kind: 'retry',
      };
    default:
      return { message: error.message, kind: 'retry' };
  }
}

export function describeMockProofError(error: unknown): PaymentProblem {
  if (error instanceof ApiError && error.status === 404) {
    return {
      message: 'Mock payments are switched off on this station. Pay with a wallet instead.',
      kind: 'retry',
    };
  }

  if (error instanceof ApiError && error.status === 409) {
    return { message: 'This request is no longer waiting for payment.', kind: 'expired' };
  }

  return { message: (error as Error).message, kind: 'retry' };
}

import {
  decodePaymentSignatureHeader,
  encodePaymentRequiredHeader,
  encodePaymentResponseHeader,
  encodePaymentSignatureHeader,
} from '@x402/core/http';
import { parsePaymentPayload } from '@x402/core/schemas';
import type {
  PaymentPayload,
  PaymentPayloadV1,
  PaymentRequired,
  PaymentRequirements,
  SettleResponse,
} from '@x402/core/types';
import { isAddress, isHex } from 'viem';

import { MalformedPaymentProofError } from './errors.js';
import { resolveX402Network } from './networks.js';
import { X402_VERSION } from './requirements.js';

const DECIMAL = /^\d+$/;
const MAX_REPORTED_ISSUES = 5;

/** Base64 of a PaymentPayload, the value of a PAYMENT-SIGNATURE (or v1 X-PAYMENT) header. */
export function encodePaymentProof(payload: PaymentPayload): string {
  return encodePaymentSignatureHeader(payload);
}

/** Base64 for the PAYMENT-REQUIRED header. */
export function encodePaymentRequired(paymentRequired: PaymentRequired): string {
  return encodePaymentRequiredHeader(paymentRequired);
}

/** Base64 for the PAYMENT-RESPONSE header. */
export function encodePaymentResponse(settle: SettleResponse): string {
  return encodePaymentResponseHeader(settle);
}

/**
 * Decodes and validates a base64 payment proof. v2 payloads come back as sent. A v1 payload
 * (`X-PAYMENT`) carries the same signed EIP-3009 authorization but no `accepted`, so it is
 * decoded only when `requirements` are given and comes back in v2 form, `accepted` being those
 * requirements with the v1 scheme and network: the facilitator still checks them.
 */
export function decodePaymentProof(
  encoded: string,
  requirements?: PaymentRequirements,
): PaymentPayload {
  const raw = decodeJson(encoded);
  const version = isRecord(raw) ? raw.x402Version : undefined;

  if (version !== 1 && version !== X402_VERSION) {
    throw new MalformedPaymentProofError(
      'unsupported_version',
      `Payment proof has x402Version ${JSON.stringify(version)}; only 1 and 2 are supported.`,
    );
  }

  const parsed = parsePaymentPayload(raw);

  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, MAX_REPORTED_ISSUES)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new MalformedPaymentProofError(
      'invalid_fields',
      `Payment proof is missing or has invalid fields: ${issues.join('; ')}.`,
    );
  }

  assertEip3009Payload(parsed.data.payload);

  if (parsed.data.x402Version === X402_VERSION) {
    return parsed.data as PaymentPayload;
  }

  return liftV1Payload(parsed.data as PaymentPayloadV1, requirements);
}

function decodeJson(encoded: string): unknown {
  const trimmed = encoded.trim();

  if (trimmed === '') {
    throw new MalformedPaymentProofError('empty', 'Payment proof is empty.');
  }

  let decoded: unknown;

  try {
    decoded = decodePaymentSignatureHeader(trimmed);
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new MalformedPaymentProofError(
        'not_json',
        'Payment proof is base64 but does not decode to JSON.',
      );
    }

    throw new MalformedPaymentProofError(
      'not_base64',
      'Payment proof is not standard base64 (A-Z, a-z, 0-9, +, / and = padding).',
    );
  }

  if (!isRecord(decoded)) {
    throw new MalformedPaymentProofError(
      'not_json',
      'Payment proof decodes to JSON, but not to an object.',
    );
  }

  return decoded;
}

/** Only EIP-3009 (USDC transferWithAuthorization) is offered, so only it is accepted. */
function assertEip3009Payload(payload: Record<string, unknown>): void {
  const problems: string[] = [];
  const authorization = payload.authorization;

  if (!isHex(payload.signature)) {
    problems.push('payload.signature must be a 0x hex string');
  }

  if (!isRecord(authorization)) {
    problems.push('payload.authorization must be an EIP-3009 authorization object');
  } else {
    for (const field of ['from', 'to'] as const) {
      if (
        typeof authorization[field] !== 'string' ||
        !isAddress(authorization[field], { strict: false })
      ) {
        problems.push(`payload.authorization.${field} must be an address`);
      }
    }

    for (const field of ['value', 'validAfter', 'validBefore'] as const) {
      if (typeof authorization[field] !== 'string' || !DECIMAL.test(authorization[field])) {
        problems.push(`payload.authorization.${field} must be a decimal string`);
      }
    }

    if (!isHex(authorization.nonce) || authorization.nonce.length !== 66) {
      problems.push('payload.authorization.nonce must be a 32-byte hex string');
    }
  }

  if (problems.length > 0) {
    throw new MalformedPaymentProofError(
      'invalid_fields',
      `Payment proof is not a signed EIP-3009 authorization: ${problems.join('; ')}.`,
    );
  }
}

function liftV1Payload(
  payload: PaymentPayloadV1,
  requirements: PaymentRequirements | undefined,
): PaymentPayload {
  if (!requirements) {
    throw new MalformedPaymentProofError(
      'unsupported_version',
      'An x402 v1 payment proof can only be decoded against the payment requirements it answers.',
    );
  }

  let network;

  try {
    network = resolveX402Network(payload.network);
  } catch {
    throw new MalformedPaymentProofError(
      'invalid_fields',
      `Payment proof names network ${JSON.stringify(payload.network)}, which is not supported.`,
    );
  }

  return {
    x402Version: X402_VERSION,
    accepted: { ...requirements, scheme: payload.scheme, network: network.caip2 },
    payload: payload.payload,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

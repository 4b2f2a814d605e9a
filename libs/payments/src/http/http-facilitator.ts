import {
  FacilitatorResponseError as X402FacilitatorResponseError,
  FacilitatorTimeoutError,
  HTTPFacilitatorClient,
} from '@x402/core/http';
import {
  SettleError,
  VerifyError,
  type PaymentPayload,
  type PaymentRequirements,
  type SettleResponse,
  type SupportedResponse,
  type VerifyResponse,
} from '@x402/core/types';

import {
  FacilitatorAuthError,
  FacilitatorResponseError,
  FacilitatorUnavailableError,
  type FacilitatorOperation,
} from '../errors.js';
import type { PaymentFacilitator } from '../payment-facilitator.port.js';
import { createCdpAuthHeaders, type CdpCredentials } from './cdp-auth-headers.js';

export const DEFAULT_FACILITATOR_TIMEOUT_MS = 15_000;

export interface HttpFacilitatorOptions {
  /** Base URL; `/verify`, `/settle` and `/supported` are appended. */
  url: string;
  /** Per request, covering the response body too. */
  timeoutMs?: number;
  /** Given for the Coinbase CDP facilitator; omitted for an open one (no auth headers). */
  cdp?: CdpCredentials;
}

/** What the client's plain `Error`s say about a non-2xx answer: "... failed (503): ...". */
const HTTP_STATUS_IN_MESSAGE = /failed \((\d{3})\)/;

/**
 * A remote x402 facilitator through @x402/core's HTTPFacilitatorClient. Payment verdicts are
 * values, including a 4xx whose body is a verdict (the x402 client's VerifyError/SettleError);
 * timeouts, network errors, 5xx and 429 throw FacilitatorUnavailableError; malformed 2xx and
 * other 4xx (401 included) throw FacilitatorResponseError.
 */
export class HttpFacilitator implements PaymentFacilitator {
  readonly kind = 'http' as const;
  readonly url: string;
  private readonly client: HTTPFacilitatorClient;

  constructor(options: HttpFacilitatorOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.client = new HTTPFacilitatorClient({
      url: this.url,
      timeoutMs: options.timeoutMs ?? DEFAULT_FACILITATOR_TIMEOUT_MS,
      createAuthHeaders: options.cdp ? createCdpAuthHeaders(this.url, options.cdp) : undefined,
    });
  }

  async verify(
    payload: PaymentPayload,
    requirements: PaymentRequirements,
  ): Promise<VerifyResponse> {
    try {
      return await this.client.verify(payload, requirements);
    } catch (error) {
      if (error instanceof VerifyError && isVerdictStatus(error.statusCode)) {
        return {
          isValid: false,
          invalidReason: error.invalidReason ?? 'facilitator_rejected',
          invalidMessage: error.invalidMessage,
          payer: error.payer,
        };
      }

      throw classify('verify', error);
    }
  }

  async settle(
    payload: PaymentPayload,
    requirements: PaymentRequirements,
  ): Promise<SettleResponse> {
    try {
      return await this.client.settle(payload, requirements);
    } catch (error) {
      if (error instanceof SettleError && isVerdictStatus(error.statusCode)) {
        return {
          success: false,
          errorReason: error.errorReason ?? 'facilitator_rejected',
          errorMessage: error.errorMessage,
          payer: error.payer,
          transaction: error.transaction ?? '',
          network: error.network ?? requirements.network,
        };
      }

      throw classify('settle', error);
    }
  }

  async getSupported(): Promise<SupportedResponse> {
    try {
      return await this.client.getSupported();
    } catch (error) {
      throw classify('supported', error);
    }
  }
}

/** A 4xx other than auth, rate limiting or timeout is the facilitator judging the payment. */
function isVerdictStatus(status: number): boolean {
  return status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status);
}

function isUnavailableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

function classify(operation: FacilitatorOperation, error: unknown): Error {
  if (error instanceof FacilitatorAuthError) {
    return error;
  }

  if (error instanceof FacilitatorTimeoutError) {
    return new FacilitatorUnavailableError(
      operation,
      `no answer within ${error.timeoutMs} ms`,
      undefined,
      { cause: error },
    );
  }

  if (error instanceof X402FacilitatorResponseError) {
    return new FacilitatorResponseError(operation, error.message, undefined, { cause: error });
  }

  const status =
    error instanceof VerifyError || error instanceof SettleError
      ? error.statusCode
      : statusFromMessage(error);

  if (status !== undefined) {
    const message = `HTTP ${status}`;

    return isUnavailableStatus(status)
      ? new FacilitatorUnavailableError(operation, message, status, { cause: error })
      : new FacilitatorResponseError(operation, message, status, { cause: error });
  }

  const reason = error instanceof Error ? error.message : String(error);

  return new FacilitatorUnavailableError(operation, reason, undefined, { cause: error });
}

function statusFromMessage(error: unknown): number | undefined {
  const match = error instanceof Error ? HTTP_STATUS_IN_MESSAGE.exec(error.message) : null;

  return match ? Number(match[1]) : undefined;
}

import { ElevenLabsError, ElevenLabsTimeoutError } from '@elevenlabs/elevenlabs-js';
import {
  GenerationAuthError,
  GenerationError,
  GenerationRejectedError,
  GenerationTransientError,
} from '../../errors.js';

const AUTH_STATUSES = new Set([
  'invalid_api_key',
  'quota_exceeded',
  'missing_permissions',
  'needs_authorization',
]);

interface ErrorDetail {
  status?: string;
  message?: string;
  suggestion?: string;
}

export interface ClassifyContext {
  /** The generator's own deadline fired (covers the body, which the SDK timeout does not). */
  timedOut: boolean;
  /** The caller's signal aborted. */
  aborted: boolean;
  /** Removed from every message, in case some layer ever echoes it. */
  apiKey: string;
}

/**
 * Maps what the SDK throws to a GenerationError, keyed on HTTP status and `detail.status`
 * (never on the message text, which ElevenLabs rewords).
 */
export function classifyElevenLabsError(error: unknown, context: ClassifyContext): GenerationError {
  if (error instanceof GenerationError) {
    return error;
  }
  if (context.timedOut) {
    return new GenerationTransientError('timeout', 'ElevenLabs did not finish within the timeout.');
  }
  if (context.aborted) {
    return new GenerationTransientError('aborted', 'The ElevenLabs request was aborted.');
  }

  const statusCode = error instanceof ElevenLabsError ? error.statusCode : undefined;

  if (statusCode === undefined) {
    return classifyWithoutStatus(error, context.apiKey);
  }

  const detail = readDetail(error instanceof ElevenLabsError ? error.body : undefined);
  const code = detail.status ?? `http_${statusCode}`;
  const message = redact(
    `ElevenLabs answered ${statusCode} (${code})${detail.message ? `: ${detail.message}` : '.'}`,
    context.apiKey,
  );

  if (statusCode === 401 || statusCode === 403 || AUTH_STATUSES.has(code)) {
    return new GenerationAuthError(code, message, statusCode);
  }
  if (statusCode === 408 || statusCode === 429 || statusCode >= 500) {
    const retryAfterMs =
      error instanceof ElevenLabsError ? readRetryAfterMs(error.rawResponse?.headers) : undefined;

    return new GenerationTransientError(code, message, statusCode, retryAfterMs);
  }
  if (statusCode === 422) {
    return new GenerationRejectedError('invalid_request', message, undefined, statusCode);
  }

  const suggestion = detail.suggestion ? redact(detail.suggestion, context.apiKey) : undefined;

  return new GenerationRejectedError(code, message, suggestion, statusCode);
}

function classifyWithoutStatus(error: unknown, apiKey: string): GenerationError {
  const text = error instanceof Error ? error.message : String(error);

  // The SDK's own header timeout surfaces as a bare ElevenLabsError whose message is "timeout".
  if (error instanceof ElevenLabsTimeoutError || /timeout/i.test(text)) {
    return new GenerationTransientError('timeout', 'ElevenLabs did not answer within the timeout.');
  }
  if (!(error instanceof ElevenLabsError)) {
    return new GenerationTransientError(
      'stream_interrupted',
      redact(`The ElevenLabs audio stream broke off: ${text}`, apiKey),
    );
  }

  return new GenerationTransientError(
    'network_error',
    redact(`Could not reach ElevenLabs: ${text}`, apiKey),
  );
}

function readDetail(body: unknown): ErrorDetail {
  const detail = isRecord(body) ? body.detail : undefined;

  if (typeof detail === 'string') {
    return { message: detail };
  }
  if (!isRecord(detail)) {
    return {};
  }

  const data = isRecord(detail.data) ? detail.data : {};

  return {
    status: typeof detail.status === 'string' ? detail.status : undefined,
    message: typeof detail.message === 'string' ? detail.message : undefined,
    suggestion: typeof data.prompt_suggestion === 'string' ? data.prompt_suggestion : undefined,
  };
}

function readRetryAfterMs(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after');
  const seconds = value ? Number(value) : NaN;

  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}

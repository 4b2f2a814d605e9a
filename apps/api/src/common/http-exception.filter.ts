import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import { AppError } from './app-error.js';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  [extra: string]: unknown;
}

type ErrorMapper = (error: Error) => { statusCode: number; message?: string } | undefined;

/**
 * Every error leaves the service as `{statusCode, error, message}`. Expected failures keep their
 * specific message; anything unknown is logged with its stack and answered as a plain 500.
 * Libraries' own error classes are mapped by the mappers registered at boot.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(private readonly mappers: ErrorMapper[] = []) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);

    if (body.statusCode >= 500) {
      this.logger.error({ msg: 'Request failed', err: exception, status: body.statusCode });
    }
    if (reply.sent || reply.raw.headersSent) return;

    reply.status(body.statusCode).send(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof AppError) {
      return { ...exception.details, ...errorBody(exception.statusCode, exception.message) };
    }
    if (exception instanceof HttpException) {
      return fromHttpException(exception);
    }
    if (exception instanceof Error) {
      for (const map of this.mappers) {
        const mapped = map(exception);
        if (mapped) return errorBody(mapped.statusCode, mapped.message ?? exception.message);
      }
      // Fastify's own client errors (bad JSON, body too large, wrong content type) carry a 4xx.
      const status = (exception as { statusCode?: unknown }).statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        return errorBody(status, describeFastifyError(exception));
      }
    }

    return errorBody(500, 'Internal server error');
  }
}

export function errorBody(statusCode: number, message: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

function fromHttpException(exception: HttpException): ErrorBody {
  const statusCode = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return errorBody(statusCode, response);

  const {
    message,
    error: _error,
    statusCode: _status,
    ...rest
  } = response as Record<string, unknown>;
  const text = Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);

  return { ...rest, ...errorBody(statusCode, text) };
}

function describeFastifyError(error: Error): string {
  const code = (error as { code?: string }).code;
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return `Request body is not valid JSON: ${error.message}`;
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'Request body is too large';
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'Request body is empty but JSON was declared';

  return error.message;
}

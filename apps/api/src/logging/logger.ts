import { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import { requestContext } from './request-context.js';

/** Field names whose values never reach a log line. */
const REDACTED = [
  'req.headers.authorization',
  'req.headers["payment-signature"]',
  'req.headers["x-payment"]',
  'req.headers["xi-api-key"]',
  'req.headers.apikey',
  'payment_proof',
  'signature',
  '*.signature',
  '*.payment_proof',
  'apiKey',
  '*.apiKey',
];

export function createRootLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'radio402', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const context = requestContext.getStore();

      return context ? { req_id: context.requestId } : {};
    },
  });
}

/**
 * Nest's LoggerService over pino. `logger.log({msg, track_id})` keeps the object's fields as
 * structured JSON; a string message stays the `msg`.
 */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]) {
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const stack =
      level === 'error' && typeof rest[0] === 'string' && rest.length > 1 ? rest[0] : undefined;
    const fields: Record<string, unknown> = { context };
    if (stack) fields.stack = stack;

    if (message instanceof Error) {
      this.root[level]({ ...fields, err: message }, message.message);

      return;
    }
    if (message && typeof message === 'object') {
      const { msg, message: text, ...data } = message as Record<string, unknown>;
      this.root[level]({ ...fields, ...data }, String(msg ?? text ?? ''));

      return;
    }

    this.root[level](fields, String(message));
  }
}

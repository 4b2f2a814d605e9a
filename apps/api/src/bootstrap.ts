import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { INestApplicationContext } from '@nestjs/common';
import type { Logger as PinoLogger } from 'pino';
import { MalformedPaymentProofError } from '@radio402/payments';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { createValidationPipe } from './common/validation.pipe.js';
import { createRootLogger, PinoLoggerService } from './logging/logger.js';
import { MetricsService } from './metrics/metrics.service.js';
import { securityHeaders } from './security/security-headers.js';
import { requestContext } from './logging/request-context.js';

export const PAYMENT_HEADERS = ['PAYMENT-REQUIRED', 'PAYMENT-RESPONSE', 'X-PAYMENT-RESPONSE'];

export interface BootOptions {
  /** A root logger to use instead of one built from LOG_LEVEL (tests pass a silent one). */
  logger?: PinoLogger;
}

/** Builds the HTTP application (roles `api` and `all`), ready to listen. */
export async function createApiApp(config: AppConfig, options: BootOptions = {}) {
  const root = options.logger ?? createRootLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    loggerInstance: root.child({ context: 'http' }),
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    // Logged by logRequest instead: reads that succeed quickly go to debug, not info.
    disableRequestLogging: true,
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
  });
  const instance = adapter.getInstance();
  instance.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    requestContext.run({ requestId: String(request.id) }, done);
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoLoggerService(root),
    bufferLogs: true,
  });
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  const headers = securityHeaders(config);
  instance.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  const metrics = app.get(MetricsService);
  instance.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.observeRequest(request.method, route, reply.statusCode, seconds);
    logRequest(request, reply.statusCode, seconds);
    done();
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(errorMappers));
  app.enableCors({
    origin: config.corsOrigins === '*' ? true : config.corsOrigins,
    exposedHeaders: [...PAYMENT_HEADERS, 'X-Request-Id', 'ETag', 'Retry-After'],
    allowedHeaders: [
      'Content-Type',
      'Authorization',
      'PAYMENT-SIGNATURE',
      'X-PAYMENT',
      'Last-Event-ID',
      'If-None-Match',
      'X-Request-Id',
    ],
    maxAge: 600,
  });
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('radio402')
      .setDescription('A listener-funded AI radio station: pay over HTTP 402 (x402) for a track.')
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  if (existsSync(config.webDistDir)) await serveWebApp(app, config.webDistDir);

  return app;
}

function logRequest(request: FastifyRequest, status: number, seconds: number) {
  const quietRead = (request.method === 'GET' || request.method === 'HEAD') && status < 400;
  const level = quietRead && seconds < 1 ? 'debug' : status >= 500 ? 'error' : 'info';
  request.log[level](
    { method: request.method, url: request.url, status, ms: Math.round(seconds * 1000) },
    'request completed',
  );
}

/** Builds the worker process: no HTTP, only modules that process jobs. */
export async function createWorkerContext(config: AppConfig): Promise<INestApplicationContext> {
  const root = createRootLogger(config.logLevel);
  const context = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: new PinoLoggerService(root),
    bufferLogs: true,
  });
  context.enableShutdownHooks();
  context.flushLogs();

  return context;
}

async function serveWebApp(app: NestFastifyApplication, dir: string) {
  const instance = app.getHttpAdapter().getInstance();
  const { default: fastifyStatic } = await import('@fastify/static');
  await instance.register(fastifyStatic, { root: dir, prefix: '/', wildcard: false, index: false });
  // The single-page app owns every non-API path.
  instance.get('/*', (request, reply) => {
    if (request.url.startsWith('/api/')) return reply.callNotFound();

    return reply.type('text/html').sendFile('index.html');
  });
  instance.get('/', (_request, reply) => reply.type('text/html').sendFile('index.html'));
}

/** Library errors that reach HTTP, mapped in one place. */
export const errorMappers: ConstructorParameters<typeof HttpExceptionFilter>[0] = [
  (error) => (error instanceof MalformedPaymentProofError ? { statusCode: 400 } : undefined),
];

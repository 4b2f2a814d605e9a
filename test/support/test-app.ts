import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { pino } from 'pino';
import { createApiApp } from '../../apps/api/src/bootstrap.js';
import { loadAppConfig, type AppConfig } from '../../apps/api/src/config/app-config.js';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  url: string;
  close(): Promise<void>;
}

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is set by the e2e global setup');

  return url;
}

/** A unique prefix per app so queues, leases and channels never collide between tests. */
export function uniquePrefix(label = 't'): string {
  return `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * Starts the real application on a random port against the run's Postgres database and the local
 * Redis. Overrides are environment variables, exactly as an operator would set them.
 */
export async function startTestApp(overrides: Record<string, string | undefined> = {}) {
  const config = loadAppConfig({
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: uniquePrefix(),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'radio402-test-')),
    WEB_DIST_DIR: join(tmpdir(), 'radio402-no-web'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MOCK_GENERATION_DELAY_MS: '0',
    // Tests send bursts from one address; the limits have their own test.
    RATE_LIMIT_PER_MINUTE: '1000000',
    ADMIN_RATE_LIMIT_PER_MINUTE: '1000000',
    ...overrides,
  });
  const logger = pino({ level: config.logLevel });
  const app = await createApiApp(config, { logger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    app,
    config,
    url: `http://127.0.0.1:${port}`,
    close: () => app.close(),
  } satisfies TestApp;
}

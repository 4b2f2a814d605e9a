import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigurationError, EnvironmentVariables, validateEnvironment } from './environment.js';

export type Role = 'all' | 'api' | 'worker';

/** The typed configuration every module receives by injection; built once at boot. */
export class AppConfig {
  readonly port: number;
  readonly host: string;
  readonly role: Role;
  readonly dataDir: string;
  readonly webDistDir: string;
  readonly logLevel: string;
  readonly database: { url?: string; poolMax: number };
  readonly redis: { url?: string; prefix: string };
  readonly x402: {
    enabled: boolean;
    mode: 'mock' | 'real';
    apiKeyId?: string;
    apiKeySecret?: string;
    facilitatorUrl: string;
    network: string;
    payTo?: string;
    maxTimeoutSeconds: number;
    challengeTtlSeconds: number;
    facilitatorTimeoutMs: number;
    mockPayerKey?: `0x${string}`;
    mockBalanceUsd: string;
  };
  readonly price: { baseUsd: string; perSecondUsd: string; allowedDurations: number[] };
  readonly eleven: {
    enabled: boolean;
    apiKey?: string;
    baseUrl?: string;
    modelId: string;
    outputFormat: string;
    timeoutSeconds: number;
    retryWithSuggestion: boolean;
    mockDelayMs: number;
  };
  readonly supabase: {
    url?: string;
    serviceRoleKey?: string;
    bucket: string;
    realtimeChannel: string;
  };
  readonly adminToken?: string;
  readonly corsOrigins: string[] | '*';
  readonly bodyLimitBytes: number;
  readonly trustProxy: boolean;
  readonly rateLimit: { writesPerMinute: number; adminPerMinute: number };
  readonly worker: {
    concurrency: number;
    attempts: number;
    stuckAfterSeconds: number;
    lockDurationMs: number;
  };
  readonly station: { id: string; name: string; fallback: 'rotation' | 'idle' };

  constructor(env: EnvironmentVariables) {
    this.port = env.PORT ?? 3001;
    this.host = env.HOST ?? '0.0.0.0';
    this.role = (env.ROLE ?? 'all') as Role;
    this.dataDir = resolve(env.DATA_DIR ?? 'data');
    this.webDistDir = resolve(env.WEB_DIST_DIR ?? 'dist/web');
    this.logLevel = env.LOG_LEVEL ?? 'info';
    this.database = { url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX ?? 10 };
    this.redis = { url: env.REDIS_URL, prefix: env.REDIS_PREFIX ?? 'radio402' };
    this.x402 = {
      enabled: env.ENABLE_X402 ?? true,
      mode: env.X402_API_KEY ? 'real' : 'mock',
      apiKeyId: env.X402_API_KEY,
      apiKeySecret: env.X402_API_SECRET,
      facilitatorUrl: env.X402_FACILITATOR_URL ?? 'https://api.cdp.coinbase.com/platform/v2/x402',
      network: env.X402_NETWORK ?? 'base-sepolia',
      payTo: env.X402_PAY_TO,
      maxTimeoutSeconds: env.X402_MAX_TIMEOUT_SECONDS ?? 300,
      challengeTtlSeconds: env.X402_CHALLENGE_TTL_SECONDS ?? 900,
      facilitatorTimeoutMs: env.X402_FACILITATOR_TIMEOUT_MS ?? 10_000,
      mockPayerKey: env.X402_MOCK_PAYER_KEY as `0x${string}` | undefined,
      mockBalanceUsd: env.X402_MOCK_BALANCE_USD ?? '1000.00',
    };
    this.price = {
      baseUsd: env.PRICE_BASE_USD ?? '0.10',
      perSecondUsd: env.PRICE_PER_SECOND_USD ?? '0.01',
      allowedDurations: parseDurations(env.ALLOWED_DURATIONS ?? '30,60,90,120,180'),
    };
    this.eleven = {
      enabled: env.ENABLE_REAL_ELEVEN ?? false,
      apiKey: env.ELEVEN_API_KEY,
      baseUrl: env.ELEVEN_BASE_URL,
      modelId: env.ELEVEN_MODEL_ID ?? 'music_v1',
      outputFormat: env.ELEVEN_OUTPUT_FORMAT ?? 'mp3_44100_128',
      timeoutSeconds: env.ELEVEN_TIMEOUT_SECONDS ?? 240,
      retryWithSuggestion: env.ELEVEN_RETRY_WITH_SUGGESTION ?? false,
      mockDelayMs: env.MOCK_GENERATION_DELAY_MS ?? 3000,
    };
    this.supabase = {
      url: env.SUPABASE_URL,
      serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
      bucket: env.SUPABASE_BUCKET ?? 'audio',
      realtimeChannel: env.SUPABASE_REALTIME_CHANNEL ?? 'radio402',
    };
    this.adminToken = env.ADMIN_TOKEN;
    this.corsOrigins = parseOrigins(env.CORS_ORIGINS);
    this.bodyLimitBytes = env.BODY_LIMIT_BYTES ?? 64 * 1024;
    this.trustProxy = env.TRUST_PROXY ?? false;
    this.rateLimit = {
      writesPerMinute: env.RATE_LIMIT_PER_MINUTE ?? 30,
      adminPerMinute: env.ADMIN_RATE_LIMIT_PER_MINUTE ?? 20,
    };
    this.worker = {
      concurrency: env.WORKER_CONCURRENCY ?? 2,
      attempts: env.GENERATION_ATTEMPTS ?? 5,
      stuckAfterSeconds: env.GENERATION_STUCK_SECONDS ?? 900,
      lockDurationMs: env.WORKER_LOCK_DURATION_MS ?? 30_000,
    };
    this.station = {
      id: env.STATION_ID ?? 'main',
      name: env.STATION_NAME ?? 'radio402',
      fallback: (env.STATION_FALLBACK ?? 'rotation') as 'rotation' | 'idle',
    };

    this.assertCoherent();
  }

  get runsApi(): boolean {
    return this.role === 'all' || this.role === 'api';
  }

  get runsWorker(): boolean {
    return this.role === 'all' || this.role === 'worker';
  }

  private assertCoherent(): void {
    if (this.eleven.enabled && !this.eleven.apiKey) {
      throw new ConfigurationError('ELEVEN_API_KEY is required when ENABLE_REAL_ELEVEN=true');
    }
    const mainnet = this.x402.network === 'base' || this.x402.network === 'eip155:8453';
    if (this.x402.enabled && this.x402.mode === 'mock' && mainnet) {
      throw new ConfigurationError(
        `X402_NETWORK=${this.x402.network} is a mainnet: mock payments would accept ` +
          'authorizations that move no money. Set X402_API_KEY for real payments ' +
          'or use base-sepolia',
      );
    }
    if (this.x402.enabled && this.x402.mode === 'real' && !this.x402.payTo) {
      throw new ConfigurationError('X402_PAY_TO is required when X402_API_KEY is set');
    }
    if (this.supabase.url && !this.supabase.serviceRoleKey) {
      throw new ConfigurationError(
        'SUPABASE_SERVICE_ROLE_KEY is required when SUPABASE_URL is set',
      );
    }
  }
}

function parseDurations(list: string): number[] {
  const values = [...new Set(list.split(',').map((item) => Number(item.trim())))];
  const invalid = values.find((seconds) => seconds < 3 || seconds > 600);
  if (invalid !== undefined) {
    throw new ConfigurationError(
      `ALLOWED_DURATIONS=${JSON.stringify(list)}: each duration must be between 3 and 600 seconds`,
    );
  }

  return values.sort((a, b) => a - b);
}

function parseOrigins(value: string | undefined): string[] | '*' {
  if (value?.trim() === '*') return '*';
  const origins = (value ?? 'http://localhost:5173,http://localhost:3001')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);

  return origins;
}

/**
 * Reads `.env.local` and `.env` (when present, without overriding real variables), validates
 * the result, and returns the typed configuration. The only place that reads process.env.
 */
export function loadAppConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  for (const file of ['.env.local', '.env']) {
    if (existsSync(file)) process.loadEnvFile(file);
  }

  return new AppConfig(validateEnvironment({ ...process.env, ...overrides }));
}

export { ConfigurationError };

import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;

  return value;
};

const toInt = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);

  return value;
};

const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

const USD = /^\d{1,6}(\.\d{1,6})?$/;
const DURATION_LIST = /^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$/;
const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s/]+(\/[^\s?]*)?(\?\S*)?$/;
const REDIS_URL = /^rediss?:\/\/\S+$/;
const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const PRIVATE_KEY = /^0x[0-9a-fA-F]{64}$/;

/**
 * Every environment variable the service reads. `.env.example` documents each one; a value that
 * fails these rules stops the start with one line naming the variable.
 */
export class EnvironmentVariables {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @Transform(emptyToUndefined) @IsString() HOST?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsIn(['all', 'api', 'worker']) ROLE?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() DATA_DIR?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() WEB_DIST_DIR?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(POSTGRES_URL, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(200) DATABASE_POOL_MAX?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(REDIS_URL, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[A-Za-z0-9_-]{1,40}$/)
  REDIS_PREFIX?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean() ENABLE_X402?: boolean;
  @IsOptional() @Transform(emptyToUndefined) @IsString() X402_API_KEY?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() X402_API_SECRET?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true })
  X402_FACILITATOR_URL?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['base-sepolia', 'base', 'eip155:84532', 'eip155:8453'])
  X402_NETWORK?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(EVM_ADDRESS, { message: 'X402_PAY_TO must be a 0x-prefixed 20-byte address' })
  X402_PAY_TO?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(30) @Max(3600) X402_MAX_TIMEOUT_SECONDS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(30) @Max(86400) X402_CHALLENGE_TTL_SECONDS?: number;
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120000)
  X402_FACILITATOR_TIMEOUT_MS?: number;
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(PRIVATE_KEY, { message: 'X402_MOCK_PAYER_KEY must be a 0x-prefixed 32-byte hex key' })
  X402_MOCK_PAYER_KEY?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(USD, { message: 'X402_MOCK_BALANCE_USD must be a USD amount like 100.00' })
  X402_MOCK_BALANCE_USD?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(USD, { message: 'PRICE_BASE_USD must be a USD amount like 0.10' })
  PRICE_BASE_USD?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(USD, { message: 'PRICE_PER_SECOND_USD must be a USD amount like 0.01' })
  PRICE_PER_SECOND_USD?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(DURATION_LIST, {
    message: 'ALLOWED_DURATIONS must be a comma-separated list of seconds',
  })
  ALLOWED_DURATIONS?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean() ENABLE_REAL_ELEVEN?: boolean;
  @IsOptional() @Transform(emptyToUndefined) @IsString() @MinLength(8) ELEVEN_API_KEY?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true })
  ELEVEN_BASE_URL?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() ELEVEN_MODEL_ID?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() ELEVEN_OUTPUT_FORMAT?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(900) ELEVEN_TIMEOUT_SECONDS?: number;
  @IsOptional() @Transform(toBoolean) @IsBoolean() ELEVEN_RETRY_WITH_SUGGESTION?: boolean;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(600000) MOCK_GENERATION_DELAY_MS?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true })
  SUPABASE_URL?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() SUPABASE_SERVICE_ROLE_KEY?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[a-z0-9._-]{3,63}$/)
  SUPABASE_BUCKET?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() SUPABASE_REALTIME_CHANNEL?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString() @MinLength(16) ADMIN_TOKEN?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() CORS_ORIGINS?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1024) @Max(10485760) BODY_LIMIT_BYTES?: number;
  @IsOptional() @Transform(toBoolean) @IsBoolean() TRUST_PROXY?: boolean;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10000000) RATE_LIMIT_PER_MINUTE?: number;
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000000)
  ADMIN_RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(64) WORKER_CONCURRENCY?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(20) GENERATION_ATTEMPTS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(86400) GENERATION_STUCK_SECONDS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1000) @Max(600000) WORKER_LOCK_DURATION_MS?: number;

  @IsOptional() @Transform(emptyToUndefined) @IsString() STATION_NAME?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'STATION_ID must be 1-64 letters, digits, - or _' })
  STATION_ID?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsIn(['rotation', 'idle']) STATION_FALLBACK?: string;
}

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** Validates raw variables; throws one ConfigurationError whose message names every bad one. */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { excludeExtraneousValues: false });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });

  if (errors.length > 0) {
    const lines = errors.map((error) => {
      const shown = describeValue(error.property, error.value);
      const reason = Object.values(error.constraints ?? {})[0] ?? 'is invalid';

      return `${error.property}=${shown}: ${reason}`;
    });

    throw new ConfigurationError(`Invalid configuration: ${lines.join('; ')}`);
  }

  return env;
}

const SECRET_NAMES = /KEY|SECRET|TOKEN|PASSWORD|DATABASE_URL|REDIS_URL/;

function describeValue(name: string, value: unknown): string {
  if (SECRET_NAMES.test(name)) return '(hidden)';

  return JSON.stringify(value);
}

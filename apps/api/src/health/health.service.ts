import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { InjectDb, pingDatabase, type Db } from '../database/database.module.js';
import { GenerationQueue } from '../generation/generation.queue.js';
import { REDIS } from '../redis/redis.module.js';

const CHECK_TIMEOUT_MS = 1_500;

interface DependencyCheck {
  readonly name: string;
  check(): Promise<Record<string, unknown> | void>;
}

export interface HealthReport {
  status: 'ok' | 'error';
  down: string[];
  details: Record<string, { status: 'up' | 'down'; [key: string]: unknown }>;
}

@Injectable()
export class HealthService {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDb() private readonly db: Db,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly queue: GenerationQueue,
  ) {}

  async report(): Promise<HealthReport> {
    const checks: DependencyCheck[] = [
      { name: 'database', check: () => pingDatabase(this.db) },
      { name: 'redis', check: async () => void (await this.redis.ping()) },
      { name: 'queue', check: () => this.queue.raw.getJobCounts('waiting', 'active', 'failed') },
    ];
    const results = await Promise.all(checks.map((check) => this.run(check)));
    const details = Object.fromEntries(results.map((result) => [result.name, result.detail]));
    const down = results.filter((result) => result.detail.status === 'down').map((r) => r.name);

    return { status: down.length === 0 ? 'ok' : 'error', down, details };
  }

  private async run(check: DependencyCheck) {
    const session = this.indicators.check(check.name);
    const started = Date.now();
    try {
      const data = await withTimeout(check.check(), CHECK_TIMEOUT_MS);

      const result = session.up({ ...data, ms: Date.now() - started });

      return { name: check.name, detail: result[check.name] };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);

      return { name: check.name, detail: session.down({ message })[check.name] };
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}

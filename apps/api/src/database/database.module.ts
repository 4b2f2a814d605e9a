import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { AppConfig } from '../config/app-config.js';
import { applyMigrations } from './migrator.js';
import { PGlitePool } from './pglite-pool.js';
import type { Database } from './database.types.js';

export const DATABASE = Symbol('DATABASE');
export type Db = Kysely<Database>;

/** Injects the Kysely instance: `@InjectDb() private readonly db: Db`. */
export const InjectDb = () => Inject(DATABASE);

// int8 (counts, seq) as numbers; numeric (money) stays a string, never a float.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

async function createDatabase(config: AppConfig): Promise<Db> {
  const logger = new Logger('Database');
  let pool: pg.Pool | PGlitePool;

  if (config.database.url) {
    pool = new pg.Pool({
      connectionString: config.database.url,
      max: config.database.poolMax,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its server must not crash the process; the pool replaces it.
    pool.on('error', (error) => logger.warn({ msg: 'Idle database client failed', err: error }));
    // So must a checked-out one (mid-transaction, between queries), which the pool does not
    // watch: its next query fails, and the pool drops it when it is released.
    pool.on('connect', (client) => {
      client.on('error', (error) =>
        logger.warn({ msg: 'Database connection failed while in use', err: error }),
      );
    });
    logger.log('Using PostgreSQL from DATABASE_URL');
  } else {
    const dir = join(config.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    pool = await PGlitePool.open(dir);
    logger.log({ msg: 'Using embedded PGlite database', dir });
  }

  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }),
  });
  await applyMigrations(db);

  return db;
}

@Global()
@Module({
  providers: [{ provide: DATABASE, inject: [AppConfig], useFactory: createDatabase }],
  exports: [DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  async onApplicationShutdown() {
    await this.db.destroy();
  }
}

export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import { Kysely, sql } from 'kysely';
import type { Database } from './database.types.js';

/** Supabase CLI naming: `<14-digit timestamp>_<name>.sql`. */
const MIGRATION_FILE = /^\d{14}_[a-z0-9_]+\.sql$/;
/** Any constant shared by every replica; serialises concurrent starts. */
const MIGRATION_LOCK_ID = 402_402_001;

export function findMigrationsDir(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (let depth = 0; depth < 8; depth += 1) {
    const candidate = join(dir, 'supabase', 'migrations');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }

  throw new Error(`Could not find supabase/migrations above ${from}`);
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, each in its own transaction
 * and in file-name order. An advisory lock makes replicas that start together take turns, so no
 * migration is ever applied twice.
 */
export async function applyMigrations(db: Kysely<Database>, dir = findMigrationsDir()) {
  const logger = new Logger('Migrations');
  const files = (await readdir(dir)).filter((file) => MIGRATION_FILE.test(file)).sort();

  const applied: string[] = [];
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`.execute(trx);
    await sql`create table if not exists schema_migrations (
      name text primary key,
      applied_at timestamptz not null default now()
    )`.execute(trx);
    const done = new Set(
      (await trx.selectFrom('schema_migrations').select('name').execute()).map((row) => row.name),
    );

    for (const file of files) {
      if (done.has(file)) continue;
      const text = await readFile(join(dir, file), 'utf8');
      await sql.raw(text).execute(trx);
      await trx.insertInto('schema_migrations').values({ name: file }).execute();
      applied.push(file);
    }
  });

  if (applied.length > 0) {
    logger.log({ msg: `Applied ${applied.length} migration(s)`, migrations: applied });
  }

  return applied;
}

import { readdirSync } from 'node:fs';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { applyMigrations, findMigrationsDir } from '../../apps/api/src/database/migrator.js';
import type { Database } from '../../apps/api/src/database/database.types.js';
import { testDatabaseUrl } from '../support/test-app.js';

describe(applyMigrations.name, () => {
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  const name = `radio402_migrations_${Date.now()}`;
  const connect = () => {
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${name}`;

    const pool = new pg.Pool({ connectionString: url.toString() });
    // The forced drop in afterAll may still find a closing connection; that is not a failure.
    pool.on('error', () => undefined);

    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  };

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create database ${name}`);
  });

  afterAll(async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('applies each migration once, even when three replicas start together and restart', async () => {
    const files = readdirSync(findMigrationsDir()).filter((file) => file.endsWith('.sql'));
    const replicas = [connect(), connect(), connect()];

    const firstBoot = await Promise.all(replicas.map((db) => applyMigrations(db)));
    const restart = await applyMigrations(replicas[0]);
    const recorded = await sql<{
      n: number;
    }>`select count(*)::int as n from schema_migrations`.execute(replicas[0]);
    await Promise.all(replicas.map((db) => db.destroy()));

    expect(firstBoot.flat().sort()).toEqual(files.sort());
    expect(restart).toEqual([]);
    expect(recorded.rows[0].n).toBe(files.length);
  });
});

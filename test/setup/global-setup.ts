import { execFileSync } from 'node:child_process';
import pg from 'pg';

/** One fresh database per test run, so runs never see each other's rows. */
export default async function globalSetup() {
  const admin =
    process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const name = `radio402_test_${Date.now()}_${process.pid}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();

  const url = new URL(admin);
  url.pathname = `/${name}`;
  process.env.TEST_DATABASE_URL = url.toString();
  process.env.TEST_DATABASE_NAME = name;

  // Multi-process tests run the compiled service, as operators do.
  execFileSync(process.execPath, ['scripts/build-api.mjs'], { stdio: 'ignore' });
}

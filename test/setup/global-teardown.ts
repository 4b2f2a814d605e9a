import pg from 'pg';

export default async function globalTeardown() {
  const admin =
    process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const name = process.env.TEST_DATABASE_NAME;
  if (!name) return;

  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.end();
}

import pg from 'pg';

/** Drops the run's database and every per-file database made from its name. */
export default async function globalTeardown() {
  const admin =
    process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const name = process.env.TEST_DATABASE_NAME;
  if (!name) return;

  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  const { rows } = await client.query<{ datname: string }>(
    'select datname from pg_database where datname = $1 or datname like $2',
    [name, `${name}\\_f%`],
  );
  for (const { datname } of rows) {
    await client.query(`drop database if exists ${datname} with (force)`);
  }
  await client.end();
}

import pg from 'pg';

/**
 * Gives each test file its own empty database (the app migrates it at start), so files never
 * see each other's tracks: a station picks the oldest READY track in its whole database.
 * Runs before the test file is loaded (top-level await), so module-level code sees it too.
 * The run's global teardown drops every database this run created.
 */
const runDatabase = process.env.TEST_DATABASE_NAME;
const runUrl = process.env.TEST_RUN_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!runDatabase || !runUrl) throw new Error('The e2e global setup did not run');

const name = `${runDatabase}_f${Math.random().toString(36).slice(2, 10)}`;
const admin = new pg.Client({ connectionString: runUrl });
await admin.connect();
await admin.query(`create database ${name}`);
await admin.end();

const url = new URL(runUrl);
url.pathname = `/${name}`;
process.env.TEST_RUN_DATABASE_URL = runUrl;
process.env.TEST_DATABASE_URL = url.toString();

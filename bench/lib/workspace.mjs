// The compiled service the benchmarks run: committed code (HEAD) built into a private folder, so
// a concurrent `npm run build` or half-written working tree cannot change it mid-run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

export const REPO = resolve(import.meta.dirname, '..', '..');
// Outside node_modules (swc skips .swcrc there); a symlink gives the copy the repo's packages.
const WORK = join(tmpdir(), 'radio402-bench-build');

/** Builds HEAD (or, with BENCH_SOURCE=worktree, the working tree) and returns main.js's path. */
export function buildService(source = process.env.BENCH_SOURCE ?? 'head') {
  if (source === 'worktree') {
    execFileSync(process.execPath, ['scripts/build-api.mjs'], { cwd: REPO, stdio: 'ignore' });

    return { main: join(REPO, 'dist/apps/api/src/main.js'), commit: 'working tree' };
  }

  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO })
    .toString()
    .trim();
  const dir = join(WORK, commit);
  if (!existsSync(join(dir, 'dist/apps/api/src/main.js'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const paths = ['package.json', '.swcrc', 'apps/api/src', 'libs', 'scripts', 'supabase'];
    const archive = execFileSync('git', ['archive', 'HEAD', ...paths], {
      cwd: REPO,
      maxBuffer: 256 * 1024 * 1024,
    });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
    execFileSync(process.execPath, ['scripts/build-api.mjs'], { cwd: dir, stdio: 'ignore' });
  }

  return { main: join(dir, 'dist/apps/api/src/main.js'), commit };
}

const ADMIN_URL =
  process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A fresh database for one bench run; `drop()` removes it. */
export async function createDatabase() {
  const name = `radio402_bench_${Date.now()}_${process.pid}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;

  return {
    name,
    url: url.toString(),
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(text) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export function uniquePrefix(label = 'bench') {
  return `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

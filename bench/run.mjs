// Benchmarks the compiled service in child processes and writes bench/results/latest.{md,json}.
// Usage: node bench/run.mjs [--only=now-playing,fan-out-1000,...] [--profile[=name,...]]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { profileMarkdown, summariseProfile } from './lib/profile.mjs';
import { renderMarkdown } from './lib/report.mjs';
import { ServiceProcess } from './lib/service.mjs';
import { buildService, createDatabase, REPO, uniquePrefix } from './lib/workspace.mjs';
import { fanOut } from './scenarios/fan-out.mjs';
import { idleFootprint } from './scenarios/idle.mjs';
import { nowPlaying } from './scenarios/now-playing.mjs';
import { payments } from './scenarios/payments.mjs';
import { queueLatency } from './scenarios/queue-latency.mjs';
import { stationGap } from './scenarios/station-gap.mjs';
import { workerScaling } from './scenarios/worker-scaling.mjs';

const SCENARIOS = {
  'now-playing': nowPlaying,
  'station-gap': stationGap,
  'fan-out-1000': (ctx) => fanOut(ctx, 1_000),
  'fan-out-10000': (ctx) => fanOut(ctx, 10_000),
  payments,
  'queue-latency': queueLatency,
  'worker-scaling': workerScaling,
  idle: idleFootprint,
};

function option(name) {
  const arg = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (!arg) return undefined;

  return arg.includes('=') ? arg.split('=')[1].split(',') : [];
}

const only = option('only');
const profile = option('profile');
const names = only ?? Object.keys(SCENARIOS);
const unknown = names.filter((name) => !SCENARIOS[name]);
if (unknown.length) throw new Error(`Unknown scenario(s): ${unknown.join(', ')}`);

const HOOK = join(REPO, 'bench/lib/cpu-profile-hook.mjs');
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const build = buildService();
const database = await createDatabase();
const runPrefix = uniquePrefix('bench');
const services = new Set();
const profiles = {};
const profiling = (name) =>
  profile !== undefined && (profile.length === 0 || profile.includes(name));

const ctx = {
  main: build.main,
  databaseUrl: database.url,
  redisUrl,
  prefix: (label) => `${runPrefix}${label}`,
  script: (path) => join(REPO, 'bench', path),
  async startService(name, env) {
    const service = await ServiceProcess.start(
      build.main,
      name,
      {
        DATABASE_URL: database.url,
        REDIS_URL: redisUrl,
        REDIS_PREFIX: `${runPrefix}${name.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}`,
        // All load comes from one address; the per-client write limit is not under test.
        RATE_LIMIT_PER_MINUTE: '10000000',
        ...(profile !== undefined
          ? { BENCH_CPU_PROFILE: `/tmp/${runPrefix}-${name}.cpuprofile` }
          : {}),
        ...env,
      },
      { nodeArgs: profile !== undefined ? ['--import', HOOK] : [] },
    );
    services.add(service);
    void service.exited.then(() => services.delete(service));

    return service;
  },
  /** Runs `work`, CPU-profiling `service` meanwhile when this scenario is profiled. */
  async profiled(service, name, work) {
    if (!service || !profiling(name)) return work();
    const file = `/tmp/${runPrefix}-${service.name}.cpuprofile`;
    service.child.kill('SIGWINCH');
    const result = await work();
    service.child.kill('SIGWINCH');
    for (let i = 0; i < 100 && !existsSync(file); i += 1) await sleep(100);
    if (existsSync(file) && readFileSync(file, 'utf8').length > 2) {
      profiles[name] = summariseProfile(file);
    }

    return result;
  },
};

// Interrupted: take the children down too.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const service of services) service.child.kill('SIGKILL');
    process.exit(130);
  });
}

const results = {};
const started = Date.now();
try {
  for (const name of names) {
    const scenarioStarted = Date.now();
    process.stdout.write(`bench: ${name} ... `);
    try {
      results[name] = await SCENARIOS[name](ctx);
    } catch (error) {
      results[name] = { error: String(error?.stack ?? error), met: false };
    }
    const seconds = ((Date.now() - scenarioStarted) / 1000).toFixed(0);
    process.stdout.write(`${results[name].error ? 'FAILED' : 'done'} in ${seconds} s\n`);
    if (results[name].error) console.error(results[name].error);
  }
} finally {
  await Promise.all([...services].map((service) => service.stop('SIGKILL')));
  await database.drop().catch((error) => console.error(`bench: could not drop: ${error}`));
}

const report = {
  commit: build.commit,
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model,
    memory_gb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
  },
  total_seconds: Math.round((Date.now() - started) / 1000),
  results,
  profiles,
};
// A partial run (--only) never replaces latest.*; its files end in .tmp (git-ignored).
const [json, md] = only
  ? [
      `bench/results/only-${names.join('+')}.json.tmp`,
      `bench/results/only-${names.join('+')}.md.tmp`,
    ]
  : ['bench/results/latest.json', 'bench/results/latest.md'];
writeFileSync(join(REPO, json), `${JSON.stringify(report, null, 2)}\n`);
const profileText = Object.entries(profiles).map(([name, s]) => profileMarkdown(name, s));
writeFileSync(join(REPO, md), renderMarkdown(report, profileText));
console.log(`bench: wrote ${md} and ${json} in ${report.total_seconds} s`);

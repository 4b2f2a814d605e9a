// Generation throughput with 1, 2 and 4 worker processes (one job at a time each).
import { createClient } from '../lib/http.mjs';
import { createUsers, payForTrack } from '../lib/requester.mjs';
import { round } from '../lib/stats.mjs';

const WORKER_COUNTS = [1, 2, 4];

async function series(ctx, { delayMs, tracksPerWorker, label }) {
  const prefix = ctx.prefix(`ws${delayMs}`);
  const env = { REDIS_PREFIX: prefix, ALLOWED_DURATIONS: '3,30' };
  const api = await ctx.startService(`api-scaling-${delayMs}`, { ...env, ROLE: 'api' });
  const http = createClient(api.url);
  const users = await createUsers(http, 8);
  const rows = [];
  for (const count of WORKER_COUNTS) {
    const workerEnv = {
      ...env,
      ROLE: 'worker',
      WORKER_CONCURRENCY: '1',
      MOCK_GENERATION_DELAY_MS: String(delayMs),
    };
    const workers = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        ctx.startService(`worker-${label}-${count}-${i}`, workerEnv),
      ),
    );
    const tracks = count * tracksPerWorker;
    const ids = new Set();
    const profileTarget = count === WORKER_COUNTS.at(-1) ? workers[0] : null;
    const elapsed = await ctx.profiled(profileTarget, `worker-${label}`, async () => {
      for (let start = 0; start < tracks; start += users.length) {
        const batch = users.slice(0, Math.min(users.length, tracks - start));
        const paid = await Promise.all(batch.map((user) => payForTrack(http, user)));
        paid.forEach((p) => ids.add(p.trackId));
      }
      const ready = () =>
        workers
          .flatMap((w) => w.logs())
          .filter((l) => l.msg === 'Track is ready' && ids.has(l.track_id));
      const deadline = Date.now() + 120_000;
      while (ready().length < tracks && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const logs = workers.flatMap((w) => w.logs()).filter((l) => ids.has(l.track_id));
      const begin = Math.min(
        ...logs.filter((l) => l.msg === 'Processing specific track').map((l) => Date.parse(l.time)),
      );
      const end = Math.max(...ready().map((l) => Date.parse(l.time)));

      return { ms: end - begin, ready: ready().length, logs };
    });
    const perWorker = workers.map((w) => w.logs().filter((l) => l.msg === 'Track is ready').length);
    const generationMs = elapsed.logs
      .filter((l) => l.msg === 'Track is ready')
      .map((l) => l.generation_ms);
    await Promise.all(workers.map((w) => w.stop()));
    rows.push({
      workers: count,
      tracks,
      ready: elapsed.ready,
      seconds: round(elapsed.ms / 1000, 2),
      tracks_per_s: round(elapsed.ready / (elapsed.ms / 1000), 2),
      per_worker: perWorker,
      mean_generation_ms: round(generationMs.reduce((a, b) => a + b, 0) / generationMs.length, 0),
    });
  }
  http.close();
  await api.stop();
  const one = rows[0].tracks_per_s;
  for (const row of rows) row.speedup = round(row.tracks_per_s / one, 2);

  return rows;
}

export async function workerScaling(ctx) {
  // A long mock delay makes generation I/O-like, as a real music API call is.
  const io = await series(ctx, { delayMs: 3_000, tracksPerWorker: 4, label: 'io' });
  // No delay: the mock's MP3 encoding alone, CPU-bound on this 2-core machine.
  const cpu = await series(ctx, { delayMs: 0, tracksPerWorker: 10, label: 'cpu' });
  const met = io.every((row) => row.speedup >= 0.9 * row.workers && row.ready === row.tracks);

  return { io_like: io, cpu_bound: cpu, target: 'throughput >= 0.9 x workers', met };
}

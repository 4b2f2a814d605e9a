// Confirm → worker start: the gap between the api's enqueue and the worker picking the job up.
import { createClient } from '../lib/http.mjs';
import { createUsers, payInLoop } from '../lib/requester.mjs';
import { round, summarise } from '../lib/stats.mjs';

// The mock encodes MP3 synchronously (~150 ms of event loop per 3 s track), so tracks are paced
// to rarely overlap an encode: this measures the queue, not a worker's busy event loop.
const TRACKS = 60;

export async function queueLatency(ctx) {
  const prefix = ctx.prefix('ql');
  const env = { REDIS_PREFIX: prefix, ALLOWED_DURATIONS: '3,30' };
  const api = await ctx.startService('api-queue', { ...env, ROLE: 'api' });
  // Enough free slots that a job never waits for a busy worker: this measures the queue alone.
  const worker = await ctx.startService('worker-queue', {
    ...env,
    ROLE: 'worker',
    WORKER_CONCURRENCY: '16',
    MOCK_GENERATION_DELAY_MS: '200',
  });
  const http = createClient(api.url);
  const users = await createUsers(http, 1);
  const run = await payInLoop(http, users, {
    durationMs: 60_000,
    maxTracks: TRACKS,
    pauseMs: 400,
  });
  http.close();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const confirmedAt = new Map(
    api
      .logs()
      .filter((line) => line.msg === 'queue/confirm payment confirmed')
      .map((line) => [line.track_id, Date.parse(line.time)]),
  );
  const startedAt = new Map(
    worker
      .logs()
      .filter((line) => line.msg === 'Processing specific track')
      .map((line) => [line.track_id, Date.parse(line.time)]),
  );
  await worker.stop();
  await api.stop();

  const fromEnqueue = [];
  const fromResponse = [];
  for (const { trackId, answeredAt } of run.paid) {
    const start = startedAt.get(trackId);
    if (start === undefined) continue;
    fromEnqueue.push(start - confirmedAt.get(trackId));
    fromResponse.push(start - answeredAt);
  }
  const enqueue = summarise(fromEnqueue);
  const response = summarise(fromResponse);

  return {
    tracks: run.paid.length,
    errors: run.errors.length,
    started: fromEnqueue.length,
    // Log times have millisecond resolution.
    from_confirm_log_ms: { p50: enqueue.p50, p99: enqueue.p99, max: enqueue.max },
    from_confirm_response_ms: {
      p50: round(response.p50, 1),
      p99: round(response.p99, 1),
      max: round(response.max, 1),
    },
    target: 'p99 < 50 ms',
    met: enqueue.p99 < 50 && fromEnqueue.length === run.paid.length && run.paid.length > 0,
  };
}

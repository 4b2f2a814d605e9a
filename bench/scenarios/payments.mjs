// Submit + mock proof + confirm by 50 concurrent requesters against ROLE=api.
import { withDb } from '../lib/data.mjs';
import { createClient } from '../lib/http.mjs';
import { createUsers, payInLoop } from '../lib/requester.mjs';
import { round, summarise } from '../lib/stats.mjs';

const REQUESTERS = 50;
const WARMUP_MS = 2_000;
const DURATION_MS = 10_000;

export async function payments(ctx) {
  const api = await ctx.startService('api-payments', { ROLE: 'api', ALLOWED_DURATIONS: '3,30' });
  const http = createClient(api.url, REQUESTERS * 2);
  const users = await createUsers(http, REQUESTERS);
  await payInLoop(http, users, { durationMs: WARMUP_MS });
  const run = await ctx.profiled(api, 'payments', () =>
    payInLoop(http, users, { durationMs: DURATION_MS }),
  );
  http.close();
  await api.stop();
  // No worker ever ran: retire these PAID tracks, or later workers' recovery sweeps would
  // generate them and skew the scenarios that measure workers.
  await withDb(ctx.databaseUrl, (client) =>
    client.query(`update tracks set status = 'FAILED', error_code = 'bench' where status = 'PAID'`),
  );
  const tracksPerSecond = run.paid.length / (run.elapsedMs / 1000);
  const confirm = summarise(run.paid.map((p) => p.confirmMs));

  return {
    requesters: REQUESTERS,
    confirmed: run.paid.length,
    errors: run.errors.length,
    first_errors: run.errors.slice(0, 3),
    seconds: round(run.elapsedMs / 1000, 1),
    tracks_per_s: round(tracksPerSecond, 1),
    confirm_p50_ms: round(confirm.p50, 1),
    confirm_p99_ms: round(confirm.p99, 1),
    target: '>= 150 confirmed tracks/s',
    met: tracksPerSecond >= 150 && run.errors.length === 0,
  };
}

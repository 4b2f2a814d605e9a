// GET /api/station under 50 keep-alive connections, against a bare server sending the same bytes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { insertReadyTracks, insertUser, withDb } from '../lib/data.mjs';
import { createClient, waitUntil } from '../lib/http.mjs';
import { freePort, NodeProcess } from '../lib/service.mjs';
import { round } from '../lib/stats.mjs';

const CONNECTIONS = 50;
const DURATION_S = 10;
const WARMUP_S = 2;

async function load(url) {
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });

  return {
    rps: round(result.requests.average, 0),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export async function nowPlaying(ctx) {
  const api = await ctx.startService('api-now-playing', { ROLE: 'api' });
  // A station with something playing and nine tracks up next, so the body is a realistic size.
  const ids = await withDb(ctx.databaseUrl, async (client) => {
    const user = await insertUser(client);

    return insertReadyTracks(client, user, 10, { durationMs: 600_000 });
  });
  const http = createClient(api.url);
  const first = await waitUntil(
    async () => {
      const res = await http.get('/api/station');

      return res.body?.now_playing && res.body.up_next.length === 9 ? res : null;
    },
    { timeoutMs: 15_000, what: 'the station to play' },
  );
  http.close();

  const service = await ctx.profiled(api, 'now-playing', () => load(`${api.url}/api/station`));
  const rssAfter = api.rss();
  await api.stop();
  // Out of the way of the scenarios that play tracks.
  await withDb(ctx.databaseUrl, (client) =>
    client.query(`update tracks set status = 'PLAYED' where id = any($1::uuid[])`, [ids]),
  );

  const bodyFile = join(api.dir, 'station.json');
  writeFileSync(bodyFile, first.text);
  const port = await freePort();
  const baseline = new NodeProcess('baseline-http', ctx.script('lib/baseline-http.mjs'), {
    env: {
      PORT: String(port),
      BODY_FILE: bodyFile,
      BODY_HEADERS: JSON.stringify({
        'content-type': first.headers['content-type'],
        etag: first.headers.etag,
        'cache-control': first.headers['cache-control'],
      }),
    },
  });
  await baseline.waitForOutput('baseline listening');
  const bare = await load(`http://127.0.0.1:${port}/`);
  await baseline.stop();

  return {
    body_bytes: Buffer.byteLength(first.text),
    service,
    baseline: bare,
    ratio: round(service.rps / bare.rps, 2),
    service_rss_mb: round(rssAfter / 1024 / 1024, 1),
    target: '>= 0.7 of baseline req/s',
    met: service.rps / bare.rps >= 0.7 && service.non2xx === 0,
  };
}

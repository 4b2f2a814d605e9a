// Renders one bench run as the results table in Markdown.

const yes = (row) => (row?.error ? 'error' : row?.met ? 'yes' : 'no');

function rows(r) {
  const out = [];
  const np = r['now-playing'];
  if (np) {
    out.push([
      'now playing reads',
      'autocannon GET /api/station, 50 keep-alive connections, 10 s',
      np.error
        ? 'error'
        : `${np.service.rps} req/s, p50 ${np.service.p50_ms} ms, p99 ${np.service.p99_ms} ms`,
      np.error
        ? ''
        : `${np.baseline.rps} req/s, p99 ${np.baseline.p99_ms} ms (bare http, same ${np.body_bytes} B)`,
      np.error ? '' : `${np.ratio} × req/s`,
      '≥ 0.7 × baseline req/s',
      yes(np),
    ]);
  }
  for (const n of [1000, 10000]) {
    const f = r[`fan-out-${n}`];
    if (!f) continue;
    out.push([
      `realtime fan-out, N = ${n.toLocaleString('en')}`,
      `${n} raw SSE clients on one api, 5 events published on the bus`,
      f.error
        ? 'error'
        : `delivery p99 ${f.service.p99_ms} ms (max ${f.service.max_ms} ms), ` +
          `${f.service.kb_per_connection} KB/connection, missed ${f.service.missed}`,
      f.error
        ? ''
        : `p99 ${f.baseline.p99_ms} ms, ${f.baseline.kb_per_connection} KB/connection (bare SSE)`,
      f.error ? '' : `${f.p99_ratio} × p99`,
      'p99 ≤ 1.5 × baseline; < 20 KB/connection',
      yes(f),
    ]);
  }
  const p = r.payments;
  if (p) {
    out.push([
      'payments',
      'submit + mock-proof + confirm, 50 concurrent requesters, ROLE=api, 10 s',
      p.error
        ? 'error'
        : `${p.tracks_per_s} confirmed tracks/s, confirm p50 ${p.confirm_p50_ms} ms, p99 ${p.confirm_p99_ms} ms, errors ${p.errors}`,
      '—',
      '—',
      '≥ 150 tracks/s',
      yes(p),
    ]);
  }
  const q = r['queue-latency'];
  if (q) {
    out.push([
      'queue latency',
      `${q.tracks ?? ''} tracks: 'queue/confirm payment confirmed' → worker 'Processing specific track' (log times)`,
      q.error
        ? 'error'
        : `p50 ${q.from_confirm_log_ms.p50} ms, p99 ${q.from_confirm_log_ms.p99} ms, max ${q.from_confirm_log_ms.max} ms ` +
          `(from the client's confirm answer: p99 ${q.from_confirm_response_ms.p99} ms)`,
      '—',
      '—',
      'p99 < 50 ms',
      yes(q),
    ]);
  }
  const g = r['station-gap'];
  if (g) {
    out.push([
      'station gap',
      `${g.tracks ?? 200} READY tracks of ${g.track_ms ?? 200} ms: ends_at → next start (played_at)`,
      g.error
        ? 'error'
        : `p50 ${g.schedule_gap_ms.p50} ms, p99 ${g.schedule_gap_ms.p99} ms, max ${g.schedule_gap_ms.max} ms; ` +
          `station_update on the bus p99 ${g.announce_lag_ms.p99} ms after ends_at; in order: ${g.played_in_order}`,
      '—',
      '—',
      'p99 < 50 ms',
      yes(g),
    ]);
  }
  const w = r['worker-scaling'];
  if (w) {
    const line = (series) =>
      series.map((row) => `${row.workers}w ${row.tracks_per_s}/s (×${row.speedup})`).join(', ');
    out.push([
      'worker scaling',
      '1, 2, 4 worker processes, concurrency 1 each, 3 s tracks; 3 s mock delay (I/O-like) and 0 s (CPU-bound)',
      w.error ? 'error' : `3 s delay: ${line(w.io_like)}; no delay: ${line(w.cpu_bound)}`,
      '1 worker',
      w.error ? '' : `×${w.io_like.map((row) => row.speedup).join(' / ×')}`,
      '≥ 0.9 × workers',
      yes(w),
    ]);
  }
  const i = r.idle;
  if (i) {
    out.push([
      'idle footprint',
      'RSS of ROLE=all 10 s after start',
      i.error ? 'error' : `${i.rss_idle_mb} MB (at start ${i.rss_at_start_mb} MB)`,
      i.error ? '' : `bare node ${i.bare_node_rss_mb} MB`,
      '—',
      '< 200 MB',
      yes(i),
    ]);
  }

  return out;
}

export function renderMarkdown(report, profiles = []) {
  const table = [
    '| what | how | result | baseline | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows(report.results).map((cells) => `| ${cells.join(' | ')} |`),
  ];
  const errors = Object.entries(report.results)
    .filter(([, row]) => row.error)
    .map(([name, row]) => `- ${name}: ${row.error.split('\n')[0]}`);
  const m = report.machine;

  return [
    '# radio402 benchmark results',
    '',
    `Commit ${report.commit}, ${report.date}, ${m.cpus} × ${m.cpu_model}, ${m.memory_gb} GB, ` +
      `Node ${m.node}; ${report.total_seconds} s in all. Every figure is from this one run; ` +
      'the baselines ran on the same machine in the same run. Raw numbers: latest.json.',
    '',
    ...table,
    '',
    ...(errors.length ? ['## Errors', '', ...errors, ''] : []),
    ...(profiles.length ? ['## CPU profiles', '', ...profiles] : []),
  ].join('\n');
}

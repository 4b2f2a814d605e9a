import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { InjectDb, type Db } from '../database/database.module.js';
import { GenerationQueue } from '../generation/generation.queue.js';

type Collect = () =>
  | Promise<Array<{ labels?: Record<string, string>; value: number }>>
  | Array<{ labels?: Record<string, string>; value: number }>;

/**
 * Prometheus metrics. Counts that several processes share (tracks, generation latency, queue
 * depth) are read from Postgres and Redis at scrape time, so any replica reports the same truth.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(
    @InjectDb() private readonly db: Db,
    private readonly queue: GenerationQueue,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'radio402_' });
    this.httpDuration = new Histogram({
      name: 'radio402_http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.gauge('radio402_tracks', 'Tracks by status', ['status'], () => this.tracksByStatus());
    this.gauge(
      'radio402_generation_seconds',
      'Generation time of tracks finished in the last hour, by quantile',
      ['quantile'],
      () => this.generationQuantiles(),
    );
    this.gauge('radio402_queue_jobs', 'Generation queue jobs by state', ['state'], () =>
      this.queueDepth(),
    );
  }

  observeRequest(method: string, route: string, status: number, seconds: number) {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  /** Lets other modules publish a gauge computed when Prometheus scrapes. */
  gauge(name: string, help: string, labelNames: string[], collect: Collect) {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const sample of await collect()) {
          if (sample.labels) this.set(sample.labels, sample.value);
          else this.set(sample.value);
        }
      },
    });
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }

  private async tracksByStatus() {
    const rows = await this.db
      .selectFrom('tracks')
      .select(['status', sql<number>`count(*)::int`.as('n')])
      .groupBy('status')
      .execute();

    return rows.map((row) => ({ labels: { status: row.status }, value: row.n }));
  }

  private async generationQuantiles() {
    const row = await sql<{ p50: number | null; p90: number | null; p99: number | null }>`
      select
        percentile_cont(0.5) within group (order by seconds) as p50,
        percentile_cont(0.9) within group (order by seconds) as p90,
        percentile_cont(0.99) within group (order by seconds) as p99
      from (
        select extract(epoch from finished_at - started_at)::float8 as seconds
        from tracks
        where finished_at > now() - interval '1 hour' and started_at is not null
          and status in ('READY', 'PLAYING', 'PLAYED')
      ) recent`.execute(this.db);
    const { p50, p90, p99 } = row.rows[0] ?? {};

    return [
      { labels: { quantile: '0.5' }, value: Number(p50 ?? 0) },
      { labels: { quantile: '0.9' }, value: Number(p90 ?? 0) },
      { labels: { quantile: '0.99' }, value: Number(p99 ?? 0) },
    ];
  }

  private async queueDepth() {
    const counts = await this.queue.raw.getJobCounts(
      'waiting',
      'active',
      'delayed',
      'failed',
      'completed',
    );

    return Object.entries(counts).map(([state, value]) => ({ labels: { state }, value }));
  }
}

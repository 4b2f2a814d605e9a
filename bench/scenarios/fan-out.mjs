// One event to N SSE clients on one api process, against a bare Node SSE broadcaster.
import { NodeProcess, freePort } from '../lib/service.mjs';
import { mb, round, summarise } from '../lib/stats.mjs';

const EVENTS = 5;

class Clients {
  constructor(ctx) {
    this.proc = new NodeProcess('sse-clients', ctx.script('lib/sse-clients.mjs'), { ipc: true });
    this.pending = new Map();
    this.nextId = 0;
    this.ready = new Promise((resolve) => {
      this.proc.child.on('message', (message) => {
        if (message.ready) return resolve();
        const call = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.ok) call?.resolve(message.result);
        else call?.reject(new Error(message.error));
      });
    });
  }

  call(type, args = {}) {
    const id = (this.nextId += 1);

    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.proc.child.send({ id, type, ...args });
    });
  }

  async stop() {
    await this.call('close').catch(() => undefined);
    await this.proc.stop();
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

async function measure(ctx, server, url, n, bus) {
  const clients = new Clients(ctx);
  await clients.ready;
  await settle();
  const rssBefore = server.rss();
  const connectStarted = Date.now();
  const { connected, failed } = await clients.call('connect', { url, n });
  const connectMs = Date.now() - connectStarted;
  await settle();
  const rssAfter = server.rss();
  const latencies = [];
  const perEvent = [];
  let missed = 0;
  let eventBytes = 0;
  for (let event = 0; event < EVENTS; event += 1) {
    const result = await clients.call('fire', bus);
    latencies.push(...result.latencies);
    perEvent.push(round(Math.max(...result.latencies), 1));
    missed += result.missed;
    eventBytes = Math.max(eventBytes, result.eventBytes);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await clients.stop();
  const delivery = summarise(latencies);

  return {
    clients: connected,
    failed_connects: failed,
    connect_ms: connectMs,
    missed,
    event_bytes: eventBytes,
    p50_ms: round(delivery.p50, 1),
    p99_ms: round(delivery.p99, 1),
    max_ms: round(delivery.max, 1),
    all_received_ms_per_event: perEvent,
    rss_before_mb: mb(rssBefore),
    rss_after_mb: mb(rssAfter),
    kb_per_connection: round((rssAfter - rssBefore) / Math.max(1, connected) / 1024, 1),
  };
}

export async function fanOut(ctx, n) {
  const prefix = ctx.prefix(`fan${n}`);
  const api = await ctx.startService(`api-fan-out-${n}`, { ROLE: 'api', REDIS_PREFIX: prefix });
  const bus = {
    redisUrl: ctx.redisUrl,
    channel: `${prefix}:events`,
    seqKey: `${prefix}:events:seq`,
  };
  const service = await ctx.profiled(api, `fan-out-${n}`, () =>
    measure(ctx, api, `${api.url}/api/events`, n, bus),
  );
  await api.stop();

  const port = await freePort();
  const baselineBus = { ...bus, channel: `${prefix}:baseline`, seqKey: `${prefix}:baseline:seq` };
  // Padded so the baseline sends as many bytes per event as the service did.
  const baseline = new NodeProcess('baseline-sse', ctx.script('lib/baseline-sse.mjs'), {
    env: {
      PORT: String(port),
      REDIS_URL: ctx.redisUrl,
      CHANNEL: baselineBus.channel,
      TARGET_BYTES: String(service.event_bytes),
    },
  });
  await baseline.waitForOutput('baseline listening');
  const bare = await measure(ctx, baseline, `http://127.0.0.1:${port}/events`, n, baselineBus);
  await baseline.stop();
  const ratio = service.p99_ms / bare.p99_ms;

  return {
    n,
    service,
    baseline: bare,
    p99_ratio: round(ratio, 2),
    target: 'p99 delivery <= 1.5 x baseline; < 20 KB per connection',
    met:
      ratio <= 1.5 &&
      service.missed === 0 &&
      service.clients === n &&
      service.kb_per_connection < 20,
  };
}

// Many raw SSE clients in one process, driven by the runner over IPC: connect N streams, then
// publish an event on the bus and time its arrival on every stream.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

const now = () => performance.timeOrigin + performance.now();
const TAIL = 256;
let streams = [];
let redis;

// The realtime bus's own publish script (libs/station/src/redis-event-bus.ts): INCR + PUBLISH.
const PUBLISH_SCRIPT = `local seq = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', ARGV[1], '{"seq":' .. string.format('%d', seq) .. ',' .. ARGV[2])
return seq`;

function open(url) {
  return new Promise((resolve) => {
    const stream = { tail: '', ready: false, waiting: null, record: false, text: '' };
    const req = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        const text = stream.tail + chunk;
        if (stream.record) stream.text += chunk;
        if (!stream.ready && text.includes('event: snapshot')) {
          stream.ready = true;
          resolve(stream);
        }
        if (stream.waiting && text.includes(stream.waiting.token)) {
          stream.waiting.done(now());
          stream.waiting = null;
        }
        stream.tail = text.slice(-TAIL);
      });
      res.on('error', () => resolve(null));
    });
    req.on('error', () => resolve(null));
    stream.req = req;
  });
}

async function connect({ url, n, batch = 200, timeoutMs = 120_000 }) {
  const deadline = Date.now() + timeoutMs;
  let failed = 0;
  for (let start = 0; start < n && Date.now() < deadline; start += batch) {
    const size = Math.min(batch, n - start);
    const opened = await Promise.all(Array.from({ length: size }, () => open(url)));
    for (const stream of opened) {
      if (stream) streams.push(stream);
      else failed += 1;
    }
  }
  if (streams[0]) streams[0].record = true;

  return { connected: streams.length, failed };
}

async function fire({ redisUrl, channel, seqKey, timeoutMs = 30_000 }) {
  redis ??= new Redis(redisUrl);
  const token = `bench-${randomUUID()}`;
  const arrivals = new Array(streams.length).fill(null);
  let remaining = streams.length;
  let finish;
  const all = new Promise((resolve) => (finish = resolve));
  streams.forEach((stream, index) => {
    stream.waiting = {
      token,
      done: (at) => {
        arrivals[index] = at;
        remaining -= 1;
        if (remaining === 0) finish();
      },
    };
  });
  if (streams[0]) streams[0].text = '';
  const rest = JSON.stringify({
    type: 'queue_update',
    server_time: new Date().toISOString(),
    payload: { track: { id: token, status: 'PAID', prompt: 'benchmark event' } },
  }).slice(1);
  const sentAt = now();
  await redis.eval(PUBLISH_SCRIPT, 1, seqKey, channel, rest);
  const timer = setTimeout(finish, timeoutMs);
  await all;
  clearTimeout(timer);
  for (const stream of streams) stream.waiting = null;
  const latencies = arrivals.filter((at) => at !== null).map((at) => at - sentAt);
  const sample = streams[0]?.text ?? '';
  const event = sample.split('\n\n').find((block) => block.includes(token)) ?? '';

  return { latencies, missed: arrivals.length - latencies.length, eventBytes: event.length + 2 };
}

async function close() {
  for (const stream of streams) stream.req.destroy();
  streams = [];
  await redis?.quit();
  redis = undefined;

  return {};
}

const handlers = { connect, fire, close };

process.on('message', async ({ id, type, ...args }) => {
  try {
    process.send({ id, ok: true, result: await handlers[type](args) });
  } catch (error) {
    process.send({ id, ok: false, error: String(error?.stack ?? error) });
  }
});
process.send({ ready: true });

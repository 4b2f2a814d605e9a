// Baseline for the realtime fan-out: a bare Node SSE broadcaster fed by the same Redis channel,
// sending each event, padded to the service's event size (TARGET_BYTES), once serialised to every client.
import http from 'node:http';
import { Redis } from 'ioredis';

const clients = new Set();
const targetBytes = Number(process.env.TARGET_BYTES ?? 0);
const subscriber = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

subscriber.on('message', (_channel, message) => {
  const seq = JSON.parse(message).seq;
  const bare = `id: ${seq}\nevent: queue_update\ndata: ${message}`;
  const pad = 'x'.repeat(Math.max(0, targetBytes - Buffer.byteLength(bare) - 2));
  const chunk = Buffer.from(`${bare}${pad}\n\n`);
  for (const res of clients) res.write(chunk);
});
await subscriber.subscribe(process.env.CHANNEL);

http
  .createServer((req, res) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    });
    res.write('event: snapshot\ndata: {}\n\n');
    clients.add(res);
    req.on('close', () => clients.delete(res));
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('baseline listening'));

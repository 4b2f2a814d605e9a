import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisEventBus, type BusEvent } from './redis-event-bus.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;

  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error('Condition not met in time.');
    }

    await sleep(5);
  }
}

describe(RedisEventBus.name, () => {
  const clients: Redis[] = [];
  const buses: RedisEventBus[] = [];
  let channel: string;
  let seqKey: string;

  function bus(): RedisEventBus {
    const redis = new Redis({ host: '127.0.0.1', port: 6379 });
    const created = new RedisEventBus(redis, { channel, seqKey });
    clients.push(redis);
    buses.push(created);

    return created;
  }

  beforeEach(() => {
    const id = randomUUID();
    channel = `test:events:${id}`;
    seqKey = `test:events:seq:${id}`;
  });

  afterEach(async () => {
    await Promise.all(buses.splice(0).map((each) => each.close()));
    await clients[0]?.del(seqKey);
    await Promise.all(clients.splice(0).map((redis) => redis.quit()));
  });

  it('delivers events in publish order with seq and server_time', async () => {
    const received: BusEvent[] = [];
    const events = bus();
    await events.subscribe((event) => received.push(event));

    const published = await events.publish('queue_update', { track_id: 'a' });
    await events.publish('station_update', { track_id: 'b' });
    await events.publish('queue_update', { track_id: 'c' });
    await until(() => received.length === 3);

    expect(received[0]).toEqual(published);
    expect(received.map((event) => [event.seq, event.type])).toEqual([
      [1, 'queue_update'],
      [2, 'station_update'],
      [3, 'queue_update'],
    ]);
    expect(new Date(received[0].server_time).toISOString()).toBe(received[0].server_time);
  });

  it('numbers events from two publishers with one increasing seq, in arrival order', async () => {
    const received: BusEvent[] = [];
    const [first, second, listener] = [bus(), bus(), bus()];
    await listener.subscribe((event) => received.push(event));

    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        (i % 2 ? first : second).publish('queue_update', { i }),
      ),
    );
    await until(() => received.length === 100);

    expect(received.map((event) => event.seq)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
  });

  it('stops calling a handler after it unsubscribes, and keeps calling the others', async () => {
    const [kept, removed]: BusEvent[][] = [[], []];
    const events = bus();
    await events.subscribe((event) => kept.push(event));
    const unsubscribe = await events.subscribe((event) => removed.push(event));

    await events.publish('queue_update', 1);
    await until(() => removed.length === 1);
    unsubscribe();
    await events.publish('queue_update', 2);
    await until(() => kept.length === 2);

    expect(removed).toHaveLength(1);
  });
});

import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';
import { LeaderLease, type LeaderLeaseOptions } from './leader-lease.js';

const REDIS_PORT = 6379;
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

/** A TCP proxy to Redis that can start swallowing traffic, like a network partition. */
async function freezableProxy() {
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(REDIS_PORT, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => frozen || upstream.write(chunk));
    upstream.on('data', (chunk) => frozen || client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as net.AddressInfo).port,
    freeze: () => (frozen = true),
    close: () => {
      sockets.forEach((socket) => socket.destroy());

      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe(LeaderLease.name, () => {
  const clients: Redis[] = [];
  const leases: LeaderLease[] = [];
  let admin: Redis;
  let key: string;

  function client(port = REDIS_PORT): Redis {
    const redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
    clients.push(redis);

    return redis;
  }

  function lease(redis: Redis, options: Partial<LeaderLeaseOptions> = {}): LeaderLease {
    const created = new LeaderLease(redis, {
      key,
      ttlMs: 600,
      renewEveryMs: 100,
      onError: () => undefined,
      ...options,
    });
    leases.push(created);

    return created;
  }

  beforeEach(() => {
    key = `test:lease:${randomUUID()}`;
    admin = client();
  });

  afterEach(async () => {
    await Promise.all(leases.splice(0).map((each) => each.stop()));
    await admin.del(key);
    // A second disconnect() on a closed client leaves ioredis's 2 s destroy timer running.
    clients.splice(0).forEach((redis) => redis.status !== 'end' && redis.disconnect());
  });

  it('lets exactly one of three contenders lead', async () => {
    const contenders = [lease(client()), lease(client()), lease(client())];
    contenders.forEach((each) => each.start());

    await until(() => contenders.some((each) => each.isLeader()));
    await sleep(300);

    const leaders = contenders.filter((each) => each.isLeader());
    expect(leaders).toHaveLength(1);
    expect(await admin.get(key)).toBe(leaders[0].token);
  });

  it('renews the key so leadership outlives the ttl', async () => {
    const only = lease(client());
    only.start();

    await until(() => only.isLeader());
    await sleep(1_000);

    expect(only.isLeader()).toBe(true);
  });

  it('hands over within the ttl when the leader stops', async () => {
    const first = lease(client());
    first.start();
    await until(() => first.isLeader());
    const second = lease(client());
    second.start();
    await sleep(150);
    expect(second.isLeader()).toBe(false);

    const stoppedAt = Date.now();
    await first.stop();
    await until(() => second.isLeader(), 600);

    expect(Date.now() - stoppedAt).toBeLessThan(600);
    expect(first.isLeader()).toBe(false);
  });

  it('stops leading at once when the key is taken over', async () => {
    const holder = lease(client());
    const lost = jest.fn();
    holder.onLost(lost);
    holder.start();
    await until(() => holder.isLeader());

    await admin.set(key, 'someone-else', 'PX', 10_000);
    await until(() => !holder.isLeader(), 300);

    expect(lost).toHaveBeenCalledTimes(1);
    expect(await admin.get(key)).toBe('someone-else');
  });

  it('stops leading when its connection is closed', async () => {
    const redis = client();
    const holder = lease(redis);
    holder.start();
    await until(() => holder.isLeader());

    redis.disconnect();

    await until(() => !holder.isLeader(), 300);
  });

  it('stops leading before the key could expire when Redis stops answering', async () => {
    const proxy = await freezableProxy();
    const redis = client(proxy.port);
    const holder = lease(redis, { ttlMs: 1_000, renewEveryMs: 200 });
    const events: string[] = [];
    holder.onAcquired(() => events.push('acquired'));
    holder.onLost(() => events.push('lost'));
    holder.start();
    await until(() => holder.isLeader());

    proxy.freeze();
    await until(() => !holder.isLeader(), 1_000);
    const remainingTtl = await admin.pttl(key);
    redis.disconnect();
    await proxy.close();

    expect(remainingTtl).toBeGreaterThan(0);
    expect(events).toEqual(['acquired', 'lost']);
  });

  it('releases only its own token', async () => {
    const holder = lease(client());
    holder.start();
    await until(() => holder.isLeader());
    await admin.set(key, 'someone-else', 'PX', 10_000);

    await holder.stop();

    expect(await admin.get(key)).toBe('someone-else');
  });

  it('deletes its own key on stop', async () => {
    const holder = lease(client());
    holder.start();
    await until(() => holder.isLeader());

    await holder.stop();

    expect(await admin.exists(key)).toBe(0);
  });

  it('refuses a renewal interval that would let leadership lapse', () => {
    expect(() => new LeaderLease(admin, { key, ttlMs: 1_000, renewEveryMs: 950 })).toThrow(
      RangeError,
    );
  });
});

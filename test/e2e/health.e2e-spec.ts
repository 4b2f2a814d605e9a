import request from 'supertest';
import { startTestApp, testDatabaseUrl, type TestApp } from '../support/test-app.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { waitFor } from '../support/wait-for.js';

describe('GET /api/health', () => {
  let t: TestApp;
  let postgres: TcpProxy;
  let redis: TcpProxy;

  beforeAll(async () => {
    const db = new URL(testDatabaseUrl());
    postgres = await new TcpProxy(db.hostname, Number(db.port || 5432)).start();
    redis = await new TcpProxy('127.0.0.1', 6379).start();
    db.host = `127.0.0.1:${postgres.port}`;
    t = await startTestApp({
      DATABASE_URL: db.toString(),
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
    });
  });

  afterAll(async () => {
    postgres.restore();
    redis.restore();
    await t.close();
    await postgres.stop();
    await redis.stop();
  });

  const status = async () => (await request(t.url).get('/api/health')).status;

  it('reports every dependency up', async () => {
    const res = await request(t.url).get('/api/health').expect(200);

    expect(res.body.status).toBe('ok');
    expect(res.body.details.database.status).toBe('up');
    expect(res.body.details.redis.status).toBe('up');
    expect(res.body.details.queue).toMatchObject({ status: 'up', waiting: expect.any(Number) });
  });

  it('turns 503 naming Redis while Redis is unreachable, and recovers by itself', async () => {
    redis.cut();
    await waitFor(async () => (await status()) === 503, { timeoutMs: 5_000, what: 'a 503' });
    const res = await request(t.url).get('/api/health').expect(503);

    // The queue lives on the same Redis, so it is reported down with it.
    expect(res.body.message).toBe('Unavailable: redis, queue are down');
    expect(res.body.details.queue.status).toBe('down');
    expect(res.body.details.redis.status).toBe('down');
    expect(res.body.details.database.status).toBe('up');

    redis.restore();
    await waitFor(async () => (await status()) === 200, { timeoutMs: 8_000, what: 'recovery' });
  });

  it('turns 503 naming the database while Postgres is unreachable, and recovers by itself', async () => {
    postgres.cut();
    await waitFor(async () => (await status()) === 503, { timeoutMs: 5_000, what: 'a 503' });
    const res = await request(t.url).get('/api/health').expect(503);

    expect(res.body.message).toBe('Unavailable: database is down');

    postgres.restore();
    await waitFor(async () => (await status()) === 200, { timeoutMs: 8_000, what: 'recovery' });
  });
});
